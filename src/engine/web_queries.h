/* Renamed engine/listing.h: included here for branches written before the rename;
 * remove once none includes this name. */
#include "engine/listing.h"

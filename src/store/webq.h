/* Renamed store/overview.h: included here for branches written before the rename;
 * remove once none includes this name. */
#include "store/overview.h"

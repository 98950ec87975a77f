-- wrk: GET of one path (MOSHIMO_PATH) with the Bearer token.
local token = os.getenv("MOSHIMO_TOKEN") or ""
local path = os.getenv("MOSHIMO_PATH") or "/healthz"
request = function()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

-- wrk: GET /api/v1/incidents/{id} for random ids in 1..MOSHIMO_N.
local token = os.getenv("MOSHIMO_TOKEN") or ""
local max = tonumber(os.getenv("MOSHIMO_N") or "2000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/incidents/" .. math.random(1, max),
    {["Authorization"] = "Bearer " .. token})
end

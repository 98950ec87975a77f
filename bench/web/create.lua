-- wrk: POST /api/v1/incidents with a Japanese title and a ~400-character
-- description (the loadgen.py workload's text), a new number each time.
local token = os.getenv("MOSHIMO_TOKEN") or ""
local desc = "本日午前、経理部の共有フォルダ内のファイルが次々に開けなくなり、拡張子が見慣れない文字列に変わっているとの連絡を受けました。" ..
  "デスクトップには身代金を要求する脅迫文が残されており、ランサムウェアによる暗号化の可能性が高いと判断しています。" ..
  "該当端末はネットワークから切り離し、電源を入れたまま保全しています。バックアップサーバへの影響はまだ確認できておらず、" ..
  "同じセグメントの他端末も順次調査中です。請求書発行業務が止まっているため、復旧の目処と外部への報告の要否について至急判断が必要です。"
local n = 0
local id = 0
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local body = '{"title":"ランサムウェア感染の疑い #' .. tid .. "-" .. n .. '","description":"' .. desc ..
    '","category":"malware","impact":{"business":true}}'
  return wrk.format("POST", "/api/v1/incidents",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

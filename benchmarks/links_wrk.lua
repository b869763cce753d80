-- wrk script of `make bench-links` (benchmarks/links.py), throughput rounds: GET /s/<code> for codes picked at
-- random from the file named by DUTA_BENCH_CODES (one per line), with a phone's headers. The same script runs
-- against nginx and the redirector. Each thread builds its requests once, so that wrk costs the same for both.

local agent = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/124.0.6367.113 Mobile Safari/537.36"
local requests = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  for code in io.lines(os.getenv("DUTA_BENCH_CODES")) do
    requests[#requests + 1] = wrk.format("GET", "/s/" .. code, {
      ["User-Agent"] = agent,
      ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      ["Accept-Language"] = "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7",
    })
  end
end

function request()
  return requests[math.random(#requests)]
end

-- wrk script of `make bench-links` (benchmarks/links.py), durability: run with as many connections as threads
-- (-tN -cN), so that in each thread request() and response() strictly alternate. Every request carries a unique
-- `Referer: http://bench.invalid/<thread>/<number>`; the numbers of the requests answered with a 302 are written,
-- one `<thread>/<number>` per line, to the file named by DUTA_BENCH_RECEIVED when wrk ends (plus one
-- `# <thread> others <n>` line per thread: the answers that were not a 302).

local agent = "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/125.0.6422.53 Mobile Safari/537.36"
local all_threads = {}
local codes = {}
local sent = 0
received = {} -- globals: done() reads them with thread:get
others = 0

function setup(thread)
  all_threads[#all_threads + 1] = thread
  thread:set("id", #all_threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  for code in io.lines(os.getenv("DUTA_BENCH_CODES")) do
    codes[#codes + 1] = code
  end
end

function request()
  sent = sent + 1
  return wrk.format("GET", "/s/" .. codes[math.random(#codes)], {
    ["User-Agent"] = agent,
    ["Referer"] = "http://bench.invalid/" .. id .. "/" .. sent,
  })
end

function response(status, headers, body)
  if status == 302 then
    received[#received + 1] = sent
  else
    others = others + 1
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("DUTA_BENCH_RECEIVED"), "w"))
  for _, thread in ipairs(all_threads) do
    local number = thread:get("id")
    for _, sequence in ipairs(thread:get("received")) do
      out:write(number, "/", sequence, "\n")
    end
    out:write("# ", number, " others ", thread:get("others"), "\n")
  end
  out:close()
end

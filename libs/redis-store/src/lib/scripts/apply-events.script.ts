/**
 * Applies a batch of events of ONE shard atomically. KEYS are the distinct keys the batch may
 * touch (all in the shard's slot); ARGV[1] is JSON:
 *   { retention_ms, window_minutes, max_skew_ms, recent_max,
 *     events: [{ id, member, type, ts, ts_ms, expire_at, seen, totals, recent, entry,
 *                ms?, pct?, fields?, windows: [[sec_key, evt_key], ...], window_expire_at }] }
 * where seen/totals/recent and window entries are indexes into KEYS, ms and pct are integer
 * strings (duration ms, hundredths of a percent) and entry is the recent-list JSON without
 * applied_at_ms. Redis' own clock (TIME) decides the retention horizon and the window, so every
 * replica of the sink agrees. Returns { now_ms, status per event }; statuses: applied,
 * applied_outside_window (too old for the window), applied_future (beyond the skew),
 * duplicate, expired (older than the dedup retention: not applied).
 */
export const APPLY_EVENTS_LUA = `
local cfg = cjson.decode(ARGV[1])
local t = redis.call('TIME')
local ms_part = string.format('%03d', math.floor(tonumber(t[2]) / 1000))
local now_str = t[1] .. ms_part
local now_ms = tonumber(now_str)
local now_minute = math.floor(now_ms / 60000)
local oldest_minute = now_minute - cfg.window_minutes + 1

local function extend(key, at)
  local pttl = redis.call('PTTL', key)
  if pttl < 0 or now_ms + pttl < at * 1000 then
    redis.call('EXPIREAT', key, at)
  end
end

local statuses = {}
for i, e in ipairs(cfg.events) do
  local status
  if now_ms - e.ts_ms >= cfg.retention_ms then
    status = 'expired'
  elseif redis.call('SADD', KEYS[e.seen], e.id) == 0 then
    status = 'duplicate'
  else
    redis.call('EXPIREAT', KEYS[e.seen], e.expire_at)
    local totals = KEYS[e.totals]
    redis.call('HINCRBY', totals, 'events', 1)
    redis.call('HINCRBY', totals, 'events:' .. e.type, 1)
    if e.ms then
      redis.call('HINCRBY', totals, 'engagement_ms_sum', e.ms)
      redis.call('HINCRBY', totals, 'engagement_ms_count', 1)
    end
    if e.pct then
      redis.call('HINCRBY', totals, 'engagement_pct_hundredths_sum', e.pct)
      redis.call('HINCRBY', totals, 'engagement_pct_count', 1)
    end
    local last = redis.call('HGET', totals, 'last_event_ts')
    if (not last) or e.ts > last then
      redis.call('HSET', totals, 'last_event_ts', e.ts)
    end
    if e.fields then
      for field, value in pairs(e.fields) do
        redis.call('HSET', totals, field, value)
      end
    end
    extend(totals, e.expire_at)
    local recent = KEYS[e.recent]
    redis.call('LPUSH', recent, string.sub(e.entry, 1, -2) .. ',"applied_at_ms":' .. now_str .. '}')
    redis.call('LTRIM', recent, 0, cfg.recent_max - 1)
    extend(recent, e.expire_at)
    if e.ts_ms > now_ms + cfg.max_skew_ms then
      status = 'applied_future'
    elseif math.floor(e.ts_ms / 60000) < oldest_minute then
      status = 'applied_outside_window'
    else
      for _, pair in ipairs(e.windows) do
        if e.ms and e.ms ~= '0' then
          redis.call('ZINCRBY', KEYS[pair[1]], e.ms, e.member)
          redis.call('EXPIREAT', KEYS[pair[1]], e.window_expire_at)
        end
        redis.call('ZINCRBY', KEYS[pair[2]], 1, e.member)
        redis.call('EXPIREAT', KEYS[pair[2]], e.window_expire_at)
      end
      status = 'applied'
    end
  end
  statuses[i] = status
end
return { now_str, statuses }
`;

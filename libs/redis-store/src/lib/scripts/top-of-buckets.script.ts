/**
 * Sums the minute buckets of ONE shard (KEYS, same slot) and returns the best ARGV[1] members
 * as a flat [member, score, ...] list, by score descending then member descending (the exact
 * reverse of ZUNION's order), so that per-shard results merge into an exact global top.
 * Missing buckets count as empty. Read-only: safe on replicas.
 */
export const TOP_OF_BUCKETS_LUA = `
local limit = tonumber(ARGV[1])
local args = { 'ZUNION', #KEYS }
for _, key in ipairs(KEYS) do args[#args + 1] = key end
args[#args + 1] = 'WITHSCORES'
local all = redis.call(unpack(args))
local out = {}
local count = 0
local i = #all
while i >= 2 and count < limit do
  out[#out + 1] = all[i - 1]
  out[#out + 1] = all[i]
  count = count + 1
  i = i - 2
end
return out
`;

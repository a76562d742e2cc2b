/**
 * Allocates the next version, stores the configuration and publishes it, atomically in Redis.
 * KEYS[1] config key; ARGV[1] `{"published_at":…,"elements":…}` JSON; ARGV[2] channel.
 *
 * The version is max(stored version + 1, Redis time in ms): strictly increasing across every admin
 * instance (the script runs alone), and still ahead of what subscribers hold on disk if Redis lost the
 * key, where a plain counter would restart at 1 and be ignored everywhere. Storing and publishing in the
 * same script keeps the channel in version order. Returns the stored JSON.
 */
export const PUBLISH_CONFIG_SCRIPT = `
local time = redis.call('TIME')
local version = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local stored = redis.call('GET', KEYS[1])
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and type(decoded) == 'table' and type(decoded.version) == 'number' and decoded.version >= version then
    version = decoded.version + 1
  end
end
local payload = '{"version":' .. string.format('%d', version) .. ',' .. string.sub(ARGV[1], 2)
redis.call('SET', KEYS[1], payload)
redis.call('PUBLISH', ARGV[2], payload)
return payload
`;

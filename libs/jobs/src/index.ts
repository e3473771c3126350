export { createRedis, REDIS, RedisModule } from './redis.module.js';

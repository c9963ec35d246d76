"""Django's Redis cache, but each process keeps its Redis clients instead of making one per call.

Django's RedisCacheClient builds a new redis.Redis (with its table of some 170 response callbacks) for
every get, set or incr; a short API read makes several. The clients share Django's connection pools,
as before, and redis-py's pools reconnect after a fork."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count(self, key, timeout, *, then_get=()):
        """Add one to the counter `key` and return it; a new counter expires `timeout` seconds after
        its first count. One round trip (Django's incr() asks first whether the key exists).

        With `then_get`, (the count, get_many(then_get)), still in one round trip."""
        made = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(made, write=True).pipeline(transaction=False)
        pipeline.set(made, 0, ex=timeout, nx=True)
        pipeline.incr(made)
        if then_get:
            pipeline.mget([self.make_and_validate_key(other) for other in then_get])
        results = pipeline.execute()
        if not then_get:
            return results[1]
        loads = self._cache._serializer.loads
        return results[1], {
            other: loads(value)
            for other, value in zip(then_get, results[2], strict=True)
            if value is not None
        }

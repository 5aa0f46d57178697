"""Django's Redis cache backend, with one Redis client per connection pool instead of a new one
per cache operation (issue 16).

Django's ``RedisCacheClient.get_client`` builds a ``redis.Redis`` for every ``get``/``set``;
redis-py 5+ fills a table of about 170 response callbacks in each one (≈ 0.4 ms of CPU). A public
page makes twenty to thirty cache operations (fragments, their tags' versions, renditions):
about ten milliseconds a page. A client is a thin, thread-safe wrapper around its pool, which
already holds the connections and checks the process id after a fork, so one per pool is safe.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``ReusedClientRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

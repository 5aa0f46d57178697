"""The Redis cache backend keeps one client per connection pool (home.redis_cache)."""

from home.redis_cache import ReusedClientRedisCache


def test_one_client_per_pool_is_reused_across_operations():
    cache = ReusedClientRedisCache("redis://127.0.0.1:6379/9", {})
    client = cache._cache.get_client("a")  # no connection is opened before a command
    assert cache._cache.get_client("b", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=False)


def test_each_cache_object_has_its_own_clients():
    first = ReusedClientRedisCache("redis://127.0.0.1:6379/9", {})
    second = ReusedClientRedisCache("redis://127.0.0.1:6379/9", {})
    assert first._cache.get_client() is not second._cache.get_client()

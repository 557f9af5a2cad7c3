package dev.realtimelab.live.hub;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat rooms on Redis: each message is numbered, kept and sent out by one Lua script, so
 * its sequence number (INCR), its place in the room's stream (XADD, bounded by MAXLEN ~) and its
 * place on the room's pub/sub channel (PUBLISH) agree on every instance. Redis runs a script
 * alone and delivers one connection's messages in the order it published them, so every
 * instance receives a room's messages in sequence order; a gap (after a lost connection) is
 * filled from the stream by the room. Pub/sub is at most once; the stream is what a resume
 * replays, on whichever instance the client comes back to.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);
    /** Everything the app keeps in Redis starts with this. */
    static final String PREFIX = "rtl:";
    private static final String CHANNELS = PREFIX + "room:*";
    /** Messages a room's stream keeps (about: MAXLEN ~ trims whole nodes), as the in-memory history. */
    static final int STREAM_LENGTH = Hub.HISTORY_EVENTS;
    /** A room nobody writes to for a day is forgotten. */
    private static final int ROOM_TTL_SECONDS = 24 * 3600;
    /** An instance that stops saying it is alive stops counting in presence after this. */
    private static final int INSTANCE_TTL_SECONDS = 60;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    // region publish-script
    /** KEYS: seq, stream. ARGV: channel, payload, stream length, ttl. Returns the sequence number. */
    private static final String PUBLISH = """
            local seq = redis.call('INCR', KEYS[1])
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 's', seq, 'p', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            redis.call('EXPIRE', KEYS[2], ARGV[4])
            redis.call('PUBLISH', ARGV[1], 'm' .. seq .. ' ' .. ARGV[2])
            return seq
            """;
    // endregion

    /** KEYS: seq. ARGV: at least. Never lowers the counter. */
    private static final String RAISE = """
            local now = tonumber(redis.call('GET', KEYS[1]) or '0')
            if now < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
            return 0
            """;

    /**
     * KEYS: the room's member counts (a hash: instance -> members there). ARGV: instance, its
     * members, channel, presence payload ('' for none), instance key prefix, instance ttl.
     * Counts of instances that stopped saying they are alive (killed) are dropped.
     */
    private static final String PRESENCE = """
            redis.call('SET', ARGV[5] .. ARGV[1], '1', 'EX', ARGV[6])
            if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            else redis.call('HDEL', KEYS[1], ARGV[1]) end
            local total = 0
            local counts = redis.call('HGETALL', KEYS[1])
            for i = 1, #counts, 2 do
              if redis.call('EXISTS', ARGV[5] .. counts[i]) == 1 then total = total + tonumber(counts[i + 1])
              else redis.call('HDEL', KEYS[1], counts[i]) end
            end
            if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[3], 'p' .. total .. ' ' .. ARGV[4]) end
            return total
            """;

    private final String instance = String.format("%08x", ThreadLocalRandom.current().nextInt());
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    /** Delivers what Redis sends, in order, off Lettuce's I/O threads (a room may call Redis back). */
    private final ExecutorService inboundThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redis-inbound");
        t.setDaemon(true);
        return t;
    });
    private volatile Inbound inbound;
    private volatile boolean reachable = true;
    private volatile boolean closed;
    private volatile boolean ready;
    private final Ticker.Task keepAlive;

    private RedisBackplane(String url, Ticker ticker) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        // Reconnect soon after Redis comes back, with jitter so that many instances do not all
        // come back in the same millisecond.
        resources = ClientResources.builder()
                .ioThreadPoolSize(2).computationThreadPoolSize(1)
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected: the room then goes on locally, degraded.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                changed();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                changed();
            }
        });
        try {
            connection = client.connect();
            redis = connection.sync();
            pubSub = client.connectPubSub();
        } catch (RedisException e) {
            resources.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + url + ": " + e.getMessage(), e);
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                inboundThread.execute(() -> arrived(channel.substring(CHANNELS.length() - 1), message));
            }
        });
        pubSub.sync().psubscribe(CHANNELS);
        ready = true;
        keepAlive = ticker.every(Duration.ofSeconds(INSTANCE_TTL_SECONDS / 3), this::stillAlive);
        stillAlive();
    }

    /** Connects to {@code url} ({@code redis://HOST:PORT}); throws if Redis cannot be reached now. */
    public static RedisBackplane connect(String url, Ticker ticker) {
        return new RedisBackplane(url, ticker);
    }

    @Override
    public String kind() {
        return "redis";
    }

    /** This instance's name in Redis. */
    public String instance() {
        return instance;
    }

    @Override
    public boolean shares(String room) {
        return Hub.isRoomName(room);
    }

    @Override
    public void start(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    private void changed() {
        if (closed) {
            return;
        }
        // Both connections must be up: the one that publishes and the one that listens.
        inboundThread.execute(() -> {
            if (!ready) {
                return; // still connecting: the constructor fails if Redis cannot be reached
            }
            boolean now = connection.isOpen() && pubSub.isOpen();
            if (now != reachable) {
                reachable = now;
                LOG.warn(now ? "Redis is back: rooms are shared again" : "Redis is unreachable: rooms go on locally, degraded");
                Inbound to = inbound;
                if (to != null) {
                    to.reachable(now);
                }
            }
        });
    }

    private void arrived(String room, String message) {
        Inbound to = inbound;
        if (to == null || message.isEmpty()) {
            return;
        }
        int space = message.indexOf(' ');
        long number = Long.parseLong(message.substring(1, space));
        String payload = message.substring(space + 1);
        if (message.charAt(0) == 'm') {
            to.message(room, number, payload);
        } else {
            to.presence(room, (int) number, payload);
        }
    }

    private void stillAlive() {
        try {
            redis.setex(PREFIX + "instance:" + instance, INSTANCE_TTL_SECONDS, "1");
        } catch (RedisException e) {
            // unreachable: reported by the connection listener
        }
    }

    // region publish
    @Override
    public long publish(String room, String payload) throws Unavailable {
        try {
            Long seq = redis.eval(PUBLISH, ScriptOutputType.INTEGER, new String[] {seqKey(room), streamKey(room)},
                    channel(room), payload, Integer.toString(STREAM_LENGTH), Integer.toString(ROOM_TTL_SECONDS));
            return seq;
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }
    // endregion

    @Override
    public List<Entry> history(String room) throws Unavailable {
        try {
            List<StreamMessage<String, String>> kept = redis.xrange(streamKey(room), io.lettuce.core.Range.create("-", "+"));
            List<Entry> entries = new ArrayList<>(kept.size());
            for (StreamMessage<String, String> message : kept) {
                entries.add(new Entry(Long.parseLong(message.getBody().get("s")), message.getBody().get("p")));
            }
            return entries;
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long lastSeq(String room) throws Unavailable {
        try {
            String seq = redis.get(seqKey(room));
            return seq == null ? 0 : Long.parseLong(seq);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void raiseSeq(String room, long seq) throws Unavailable {
        try {
            redis.eval(RAISE, ScriptOutputType.INTEGER, new String[] {seqKey(room)},
                    Long.toString(seq), Integer.toString(ROOM_TTL_SECONDS));
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public int presence(String room, int localMembers, String payload) throws Unavailable {
        try {
            Long total = redis.eval(PRESENCE, ScriptOutputType.INTEGER, new String[] {PREFIX + "members:" + room},
                    instance, Integer.toString(localMembers), channel(room), payload == null ? "" : payload,
                    PREFIX + "instance:", Integer.toString(INSTANCE_TTL_SECONDS));
            return total.intValue();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private Unavailable unavailable(RedisException e) {
        LOG.debug("Redis command failed", e);
        changed();
        return new Unavailable("Redis is unreachable: " + e.getMessage(), e);
    }

    private static String seqKey(String room) {
        return PREFIX + "seq:" + room;
    }

    private static String streamKey(String room) {
        return PREFIX + "log:" + room;
    }

    private static String channel(String room) {
        return PREFIX + "room:" + room;
    }

    @Override
    public void close() {
        closed = true;
        keepAlive.cancel();
        try {
            redis.del(PREFIX + "instance:" + instance);
        } catch (RedisException e) {
            // gone anyway: the key expires
        }
        pubSub.closeAsync();
        connection.closeAsync();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
        inboundThread.shutdownNow();
    }
}

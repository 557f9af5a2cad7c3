package dev.realtimelab.grading;

import dev.realtimelab.live.hub.Ticker;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the exercise workspace (every folder under it) and reports which exercise changed,
 * once per burst of saves: editors write a file in several steps (truncate, write, rename), so
 * events are debounced per exercise. Where the platform's WatchService only polls (macOS: about
 * every 10 s), the folders are checked every {@value #POLL_MILLIS} ms instead.
 */
public final class ExerciseWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExerciseWatcher.class);
    public static final Duration DEBOUNCE = Duration.ofMillis(120);
    static final long POLL_MILLIS = 250;

    private final Path workspace;
    private final Function<Path, Optional<String>> exerciseOf;
    private final Consumer<String> onChange;
    private final Map<String, Ticker.Task> pending = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private Ticker.Task polling;
    private WatchService watcher;
    private Thread loop;
    private volatile boolean closed;

    /**
     * @param workspace  the folder to watch (the learner's {@code workspace/})
     * @param exerciseOf the exercise a changed file belongs to, if any
     * @param onChange   called with the exercise id, once a burst of changes has settled
     * @param ticker     the app's scheduler, for the debounce and the polling
     */
    public ExerciseWatcher(Path workspace, Function<Path, Optional<String>> exerciseOf, Consumer<String> onChange,
                           Ticker ticker) {
        this.workspace = workspace;
        this.exerciseOf = exerciseOf;
        this.onChange = onChange;
        this.ticker = ticker;
    }

    public synchronized void start() throws IOException {
        start(false);
    }

    /** {@code poll}: check the files every {@value #POLL_MILLIS} ms even where events work. */
    synchronized void start(boolean poll) throws IOException {
        if (!Files.isDirectory(workspace)) {
            return;
        }
        watcher = FileSystems.getDefault().newWatchService();
        if (poll || watcher.getClass().getName().contains("Polling")) {
            watcher.close();
            watcher = null;
            Map<Path, String> initial = snapshot(); // before returning: a save right after start counts
            polling = ticker.every(Duration.ofMillis(POLL_MILLIS), () -> poll(initial));
        } else {
            registerTree(workspace);
            loop = new Thread(this::watch, "exercise-watcher");
            loop.setDaemon(true);
            loop.start();
        }
    }

    private void watch() {
        while (!closed) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    continue;
                }
                Path changed = dir.resolve((Path) event.context());
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                    registerTree(changed); // a new exercise folder, or one restored by hand
                }
                changed(changed);
            }
            key.reset(); // false when the folder is gone: then it simply reports nothing more
        }
    }

    /** The polling fallback, on the ticker: compares sizes and times of the .java files. */
    private void poll(Map<Path, String> seen) {
        Map<Path, String> now = snapshot();
        now.forEach((file, stamp) -> {
            if (!stamp.equals(seen.get(file))) {
                changed(file);
            }
        });
        seen.keySet().stream().filter(f -> !now.containsKey(f)).forEach(this::changed);
        seen.clear();
        seen.putAll(now);
    }

    private Map<Path, String> snapshot() {
        Map<Path, String> stamps = new HashMap<>();
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                try {
                    stamps.put(file, Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
                } catch (IOException e) {
                    // deleted between the listing and the look
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("cannot list {}: {}", workspace, e.getMessage());
        }
        return stamps;
    }

    private void changed(Path file) {
        // Only Java sources: editors' swap and backup files (.swp, ~, .tmp) come and go too.
        if (!file.getFileName().toString().endsWith(".java")) {
            return;
        }
        exerciseOf.apply(file).ifPresent(id -> pending.compute(id, (key, previous) -> {
            if (previous != null) {
                previous.cancel();
            }
            return ticker.after(DEBOUNCE, () -> {
                pending.remove(id);
                try {
                    onChange.accept(id);
                } catch (RuntimeException e) {
                    LOG.warn("could not grade {} after a change: {}", id, e.toString());
                }
            });
        }));
    }

    private void registerTree(Path root) {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, List.of(StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE).toArray(WatchEvent.Kind[]::new));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cannot watch {}: {}", root, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        pending.values().forEach(Ticker.Task::cancel);
        if (polling != null) {
            polling.cancel();
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (loop != null) {
            loop.interrupt();
        }
    }
}

package ecstest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTests {

    private final LoggerContext context = new LoggerContext();

    private final CountingOutput output = new CountingOutput();

    private PrintStream originalOut;

    @BeforeEach
    void captureStandardOutput() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what a context slf4j starts has
        originalOut = System.out;
        // as the JVM's own System.out: autoflush, so each write of ours reaches the stream at once
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardOutput() {
        System.setOut(originalOut);
        context.stop();
    }

    @Test
    void writesEveryLineOnceInEachThreadsOrderAndManyLinesPerWrite() throws InterruptedException {
        BatchingConsoleAppender appender = started(pattern("%thread %X{traceId} %msg%n"), 1);
        Logger logger = logger(appender);
        int threads = 3;
        int perThread = 2_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers.add(Thread.ofPlatform().name("writer-" + id).start(() -> {
                context.getMDCAdapter().put("traceId", "trace-" + id);
                for (int i = 0; i < perThread; i++) {
                    logger.info("line {}", i);
                }
                context.getMDCAdapter().clear();
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        appender.stop();

        List<String> lines = output.lines();
        assertThat(lines).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = "writer-" + t + " trace-" + t + " line ";
            // MDC and thread name were taken from the logging thread, and its lines kept their order
            assertThat(lines.stream()
                            .filter(line -> line.startsWith(prefix))
                            .map(line -> line.substring(prefix.length())))
                    .containsExactlyElementsOf(IntStream.range(0, perThread)
                            .mapToObj(Integer::toString)
                            .toList());
        }
        assertThat(output.writes.get()).as("writes for %d lines", lines.size()).isLessThan(lines.size() / 10);
        assertNoErrors();
    }

    @Test
    void stopWritesWhatIsStillQueued() {
        // a long linger: the worker is still waiting for the burst to end when stop() comes
        BatchingConsoleAppender appender = started(pattern("%msg%n"), 10_000);
        Logger logger = logger(appender);
        for (int i = 0; i < 5_000; i++) {
            logger.info("queued {}", i);
        }
        appender.stop();

        assertThat(output.lines()).hasSize(5_000).startsWith("queued 0").endsWith("queued 4999");
        assertNoErrors();
    }

    @Test
    void aLineLoggedAloneIsWrittenWithoutWaitingForMore() {
        BatchingConsoleAppender appender = started(pattern("%msg%n"), 1);
        logger(appender).info("alone");

        // not a timing test: the bound only keeps a broken appender (a line held back until the next one or
        // until stop) from hanging the build
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(output.lines()).containsExactly("alone"));
        appender.stop();
    }

    @Test
    void aLineThatCannotBeEncodedIsReportedOnceAndTheOthersAreWritten() {
        PatternLayoutEncoder failingOnBad = lines(message -> {
            if (message.startsWith("bad")) {
                throw new IllegalStateException("cannot encode " + message);
            }
        });
        BatchingConsoleAppender appender = started(failingOnBad, 1);
        Logger logger = logger(appender);
        logger.info("good 1");
        logger.info("bad 1");
        logger.info("bad 2");
        logger.info("good 2");
        appender.stop();

        assertThat(output.lines()).containsExactly("good 1", "good 2");
        assertThat(statuses(Status.ERROR))
                .singleElement()
                .asString()
                .contains("could not encode a log line", "cannot encode bad 1");
    }

    @Test
    void keepsWritingAfterABatchFailsWithAnError() {
        PatternLayoutEncoder fatalOnFatal = lines(message -> {
            if (message.equals("fatal")) {
                throw new LinkageError("cannot encode fatal");
            }
        });
        BatchingConsoleAppender appender = started(fatalOnFatal, 1);
        Logger logger = logger(appender);
        logger.info("fatal");
        // the bound only keeps a dead worker from hanging the build
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !statuses(Status.ERROR).isEmpty());
        logger.info("after");
        appender.stop();

        assertThat(output.lines()).containsExactly("after");
        assertThat(statuses(Status.ERROR))
                .singleElement()
                .asString()
                .contains("dropped a batch of log lines", "cannot encode fatal");
    }

    @Test
    void doesNotStartWithoutAnEncoder() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(statuses(Status.ERROR)).singleElement().asString().contains("No encoder set", "[CONSOLE]");
    }

    @Test
    void doesNotStartWithANonsensicalSetting() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setEncoder(pattern("%msg%n"));
        appender.setQueueSize(0);
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(statuses(Status.ERROR)).singleElement().asString().contains("queueSize must be at least 1");
    }

    private BatchingConsoleAppender started(Encoder<ILoggingEvent> encoder, long lingerMillis) {
        encoder.setContext(context);
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setEncoder(encoder);
        appender.setLingerMillis(lingerMillis);
        appender.setMaxFlushTimeMillis(10_000);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        return appender;
    }

    private PatternLayoutEncoder pattern(String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /** "%msg%n" lines, after {@code check} has seen each message (and thrown, where a test wants that). */
    private static PatternLayoutEncoder lines(Consumer<String> check) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                check.accept(event.getFormattedMessage());
                return super.encode(event);
            }
        };
        encoder.setPattern("%msg%n");
        return encoder;
    }

    private Logger logger(BatchingConsoleAppender appender) {
        Logger logger = context.getLogger("test");
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return logger;
    }

    private List<Status> statuses(int level) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == level)
                .toList();
    }

    private void assertNoErrors() {
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
    }

    /** What reaches standard output, and in how many writes. */
    private static final class CountingOutput extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }
    }
}

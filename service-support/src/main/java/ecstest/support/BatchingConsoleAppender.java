package ecstest.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Log lines to standard output from a background thread, written a batch at a time: the request threads only
 * queue their events, and one thread encodes whatever has gathered and hands it to {@code System.out} in one
 * write.
 *
 * <p>Why not logback's {@code AsyncAppender} in front of its {@code ConsoleAppender}: that pair writes and
 * flushes every line on its own (a {@code write(2)} per line) and wakes its worker for every event, so with a
 * line per request each request paid for a system call and a thread wake-up (bench/RESULTS.md has the
 * figures). Here the worker, once woken, waits {@code lingerMillis} (default 1) for the rest of a
 * burst, so under load a wake-up and a write serve many lines; an idle service's line is out within about a
 * millisecond.
 *
 * <p>Nothing is dropped: when the queue ({@code queueSize}, default 8192) is full, a caller waits, as it would
 * writing the line itself. On {@code stop()} (Spring Boot's shutdown hook stops logging last) the queued lines
 * are written before it returns, waiting at most {@code maxFlushTimeMillis} (default 2000) for a blocked
 * standard output. The lines go to {@code System.out} as it is at each write, so a replaced {@code System.out}
 * (a test's output capture) sees them.
 */
public class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private Encoder<ILoggingEvent> encoder;

    private int queueSize = 8192;

    private long lingerMillis = 1;

    private long maxFlushTimeMillis = 2000;

    private BlockingQueue<ILoggingEvent> queue;

    private Thread worker;

    /** The worker's; also used by {@code stop()} once the worker has ended. */
    private final List<ILoggingEvent> batch = new ArrayList<>();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    private boolean encodingErrorReported;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    public void setMaxFlushTimeMillis(long maxFlushTimeMillis) {
        this.maxFlushTimeMillis = maxFlushTimeMillis;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (this.encoder == null) {
            addError("No encoder set for the appender named [" + this.name + "]: nothing would be written");
            return;
        }
        if (this.queueSize < 1 || this.lingerMillis < 0 || this.maxFlushTimeMillis < 0) {
            addError("Appender [" + this.name + "]: queueSize must be at least 1, lingerMillis and "
                    + "maxFlushTimeMillis at least 0 (got " + this.queueSize + ", " + this.lingerMillis + ", "
                    + this.maxFlushTimeMillis + ")");
            return;
        }
        this.queue = new ArrayBlockingQueue<>(this.queueSize);
        byte[] header = this.encoder.headerBytes();
        if (header != null && header.length > 0) {
            write(header);
        }
        this.worker =
                Thread.ofPlatform().daemon().name("log-writer-" + this.name).unstarted(this::drain);
        super.start();
        this.worker.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // what the line needs from the caller's thread (MDC, thread name, formatted message), captured now
        event.prepareForDeferredProcessing();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    this.queue.put(event);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the line is still written; the caller's interrupt is restored
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        while (true) {
            ILoggingEvent first;
            try {
                first = this.queue.take();
                if (this.lingerMillis > 0) {
                    // gather the rest of the burst; producers meanwhile wake no one (nobody waits on the queue)
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.lingerMillis));
                }
            } catch (InterruptedException e) {
                return; // stop(): it writes what is left
            }
            this.batch.add(first);
            try {
                writeBatch();
            } catch (Error e) {
                // a worker that died would leave callers waiting on a full queue: report, drop the batch, go on
                addError("Appender [" + this.name + "] dropped a batch of log lines: " + e, e);
                this.batch.clear();
                this.buffer.reset();
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Encodes the batch and what else is queued, and writes it all at once. */
    private void writeBatch() {
        this.queue.drainTo(this.batch);
        for (ILoggingEvent event : this.batch) {
            try {
                this.buffer.writeBytes(this.encoder.encode(event));
            } catch (RuntimeException e) {
                if (!this.encodingErrorReported) {
                    this.encodingErrorReported = true;
                    addError(
                            "Appender [" + this.name + "] could not encode a log line (further failures are not "
                                    + "reported): " + e,
                            e);
                }
            }
        }
        this.batch.clear();
        if (this.buffer.size() > 0) {
            write(this.buffer.toByteArray());
            this.buffer.reset();
        }
    }

    private void write(byte[] bytes) {
        PrintStream out = System.out;
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // later events are refused (logback reports them)
        this.worker.interrupt();
        try {
            this.worker.join(this.maxFlushTimeMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (this.worker.isAlive()) {
            addWarn("Appender [" + this.name + "]: standard output took longer than " + this.maxFlushTimeMillis
                    + " ms; " + this.queue.size() + " queued log lines were not written");
            return;
        }
        writeBatch(); // lines queued while the worker was ending
        byte[] footer = this.encoder.footerBytes();
        if (footer != null && footer.length > 0) {
            write(footer);
        }
    }
}

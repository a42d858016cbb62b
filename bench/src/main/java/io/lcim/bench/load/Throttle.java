package io.lcim.bench.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Starts many asynchronous tasks from the main thread with at most {@code concurrency} of them in flight. */
final class Throttle {

  private Throttle() {
  }

  /** Runs {@code task(0..count-1)}; returns their outcomes by index once all are done. */
  static <T> List<AsyncResult<T>> run(int count, int concurrency, IntFunction<Future<T>> task) {
    List<AsyncResult<T>> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, null)));
    Semaphore slots = new Semaphore(concurrency);
    CountDownLatch done = new CountDownLatch(count);
    try {
      for (int i = 0; i < count; i++) {
        slots.acquire();
        int index = i;
        task.apply(index).onComplete(result -> {
          results.set(index, result);
          slots.release();
          done.countDown();
        });
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("tasks still running after 10 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new ArrayList<>(results);
  }
}

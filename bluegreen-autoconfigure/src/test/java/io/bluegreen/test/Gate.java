package io.bluegreen.test;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a test hold listeners inside record processing, and make manual-ack listeners stop
 * acknowledging.
 */
public class Gate {

	private final Object monitor = new Object();

	private boolean open = true;

	private volatile boolean acknowledging = true;

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger passed = new AtomicInteger();

	private final int closeAfter;

	public Gate() {
		this(-1);
	}

	/**
	 * A gate that closes by itself once the given number of records passed, negative for
	 * never: a listener that hangs while processing.
	 */
	public Gate(int closeAfter) {
		this.closeAfter = closeAfter;
	}

	public void close() {
		synchronized (this.monitor) {
			this.open = false;
		}
	}

	public void open() {
		synchronized (this.monitor) {
			this.open = true;
			this.monitor.notifyAll();
		}
	}

	public int waiting() {
		return this.waiting.get();
	}

	public void pass() {
		if (this.passed.incrementAndGet() == this.closeAfter) {
			close();
		}
		synchronized (this.monitor) {
			this.waiting.incrementAndGet();
			try {
				while (!this.open) {
					this.monitor.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}
	}

	public boolean acknowledging() {
		return this.acknowledging;
	}

	public void setAcknowledging(boolean acknowledging) {
		this.acknowledging = acknowledging;
	}

}

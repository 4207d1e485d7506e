package io.bluegreen.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Every record a test application's listeners processed, with partition and offset.
 */
public class RecordLog {

	private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();

	private final FileChannel journal;

	public RecordLog() {
		this(null);
	}

	/**
	 * A log that also appends every record to a journal file, written through to the
	 * operating system at once, so it survives the process being killed with -9.
	 */
	public RecordLog(Path journal) {
		try {
			this.journal = (journal != null) ? FileChannel.open(journal, StandardOpenOption.CREATE,
					StandardOpenOption.WRITE, StandardOpenOption.APPEND) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void add(ConsumerRecord<?, ?> record) {
		Processed processed = new Processed(new TopicPartition(record.topic(), record.partition()), record.offset(),
				Thread.currentThread().getName(), System.nanoTime());
		if (this.journal != null) {
			String line = processed.partition().topic() + " " + processed.partition().partition() + " "
					+ processed.offset() + " " + processed.nanos() + "\n";
			synchronized (this.journal) {
				try {
					this.journal.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		this.processed.add(processed);
	}

	/**
	 * Read the records a journal holds. System.nanoTime is the machine's monotonic clock,
	 * so the times compare with those of other JVMs on the same machine.
	 */
	public static List<Processed> readJournal(Path journal) {
		try {
			if (!Files.exists(journal)) {
				return List.of();
			}
			List<Processed> records = new ArrayList<>();
			for (String line : Files.readAllLines(journal)) {
				String[] fields = line.split(" ");
				if (fields.length == 4) {
					records.add(new Processed(new TopicPartition(fields[0], Integer.parseInt(fields[1])),
							Long.parseLong(fields[2]), "journal", Long.parseLong(fields[3])));
				}
			}
			return records;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int count() {
		return this.processed.size();
	}

	public List<Processed> all() {
		return new ArrayList<>(this.processed);
	}

	/**
	 * Offsets processed per partition, in processing order.
	 */
	public Map<TopicPartition, List<Long>> offsetsByPartition() {
		Map<TopicPartition, List<Long>> offsets = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
		for (Processed p : this.processed) {
			offsets.computeIfAbsent(p.partition(), (key) -> new ArrayList<>()).add(p.offset());
		}
		return offsets;
	}

	/**
	 * The next offset after the highest processed one, per partition.
	 */
	public Map<TopicPartition, Long> nextOffsets() {
		Map<TopicPartition, Long> next = new HashMap<>();
		for (Processed p : this.processed) {
			next.merge(p.partition(), p.offset() + 1, Math::max);
		}
		return next;
	}

	public Map<TopicPartition, Long> countsByPartition() {
		return this.processed.stream().collect(Collectors.groupingBy(Processed::partition, Collectors.counting()));
	}

	public record Processed(TopicPartition partition, long offset, String thread, long nanos) {

	}

}

package io.bluegreen.benchmark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The requests a switch sends to the broker, counted from two sides: by client, from each
 * client's own {@code request-total} metric, grouped into kinds (the listeners'
 * consumers, the control topic's consumer and producer, the offset handover's producer,
 * Admin clients) with the coordinator's own apart; and by request kind (API), from the
 * in-process broker's {@code RequestMetrics}, which count every client's requests. The
 * control plane's clients are counted from the request to the new color's first record.
 * The listeners' consumers and the broker's counts include the load (fetches, commits,
 * the benchmark's producer), so the requests of an equal stretch just before the switch,
 * with nothing switching, are taken off those.
 *
 * @author bluegreen
 */
final class SwitchRequests {

	private static final String BROKER_REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

	private static final Set<String> SPLITS_OF_FETCH = Set.of("FetchConsumer", "FetchFollower");

	private SwitchRequests() {
	}

	/**
	 * The counters at one moment.
	 *
	 * @param nanos when they were read
	 * @param clients requests by client id
	 * @param apis requests the broker received, by API
	 */
	record Reading(long nanos, ClientRequests clients, Map<String, Double> apis) {

		static Reading now() {
			return new Reading(System.nanoTime(), ClientRequests.now(), brokerRequests());
		}

	}

	/**
	 * The requests of one switch.
	 *
	 * @param byKind by kind of client, the fleet's clients only
	 * @param coordinator of the coordinator's control-plane clients
	 * @param byApi by API, as the broker received them from every client
	 */
	record Counted(Map<String, Double> byKind, double coordinator, Map<String, Double> byApi) {

		double controlPlane() {
			return this.byKind.entrySet()
				.stream()
				.filter((kind) -> !kind.getKey().equals(LISTENERS))
				.mapToDouble(Map.Entry::getValue)
				.sum();
		}

	}

	static final String LISTENERS = "listener consumers";

	/**
	 * Count a switch's requests: those between {@code during} and {@code after}, less
	 * those between {@code before} and {@code during} scaled to the same length.
	 * @param before a reading before the quiet stretch
	 * @param during a reading at the switch's request
	 * @param after a reading after the switch
	 * @param listeners the client ids of the listeners' consumers
	 * @param ignored client ids that are not the fleet's
	 * @param coordinator the coordinator's instance id, which its clients' ids end with
	 * @return the counts
	 */
	static Counted count(Reading before, Reading during, Reading after, Set<String> listeners, Set<String> ignored,
			String coordinator) {
		double scale = (double) (after.nanos() - during.nanos()) / (during.nanos() - before.nanos());
		Map<String, Double> switching = byKind(during.clients().deltas(after.clients()), listeners, ignored);
		Map<String, Double> quiet = byKind(before.clients().deltas(during.clients()), listeners, ignored);
		Map<String, Double> byKind = new TreeMap<>();
		// The control plane as counted: its background (the long poll of the control
		// topic, a few requests a second per instance) is small against a switch, and
		// taking a scaled quiet stretch off would add that stretch's noise. The listeners
		// fetch the load all the time: their quiet stretch is taken off.
		switching.forEach((kind, count) -> byKind.put(kind,
				kind.equals(LISTENERS) ? count - scale * quiet.getOrDefault(kind, 0.0) : count));
		double coordinatorSwitching = ofInstance(during.clients().deltas(after.clients()), coordinator, listeners);
		Map<String, Double> byApi = new TreeMap<>();
		after.apis().forEach((api, count) -> {
			double inSwitch = count - during.apis().getOrDefault(api, count);
			double inQuiet = during.apis().getOrDefault(api, 0.0) - before.apis().getOrDefault(api, 0.0);
			double net = inSwitch - scale * inQuiet;
			if (inSwitch > 0 || inQuiet > 0) {
				byApi.put(api, net);
			}
		});
		return new Counted(byKind, coordinatorSwitching, byApi);
	}

	private static Map<String, Double> byKind(Map<String, Double> deltas, Set<String> listeners, Set<String> ignored) {
		Map<String, Double> byKind = new HashMap<>();
		deltas.forEach((clientId, count) -> {
			if (!ignored.contains(clientId)) {
				byKind.merge(kind(clientId, listeners), count, Double::sum);
			}
		});
		return byKind;
	}

	private static double ofInstance(Map<String, Double> deltas, String instanceId, Set<String> listeners) {
		return deltas.entrySet()
			.stream()
			.filter((client) -> !listeners.contains(client.getKey()) && client.getKey().endsWith("-" + instanceId))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	static String kind(String clientId, Set<String> listeners) {
		if (listeners.contains(clientId)) {
			return LISTENERS;
		}
		if (clientId.startsWith("bluegreen-control-consumer-")) {
			return "control consumer";
		}
		if (clientId.startsWith("bluegreen-control-producer-")) {
			return "control producer";
		}
		if (clientId.startsWith("bluegreen-offsets-")) {
			return "offset handover producer";
		}
		if (clientId.startsWith("adminclient-")) {
			return "admin";
		}
		return "other";
	}

	private static Map<String, Double> brokerRequests() {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Map<String, Double> byApi = new HashMap<>();
		try {
			for (ObjectName name : server.queryNames(new ObjectName(BROKER_REQUESTS), null)) {
				String api = name.getKeyProperty("request");
				// FetchConsumer and FetchFollower split Fetch, which counts them already
				if (api == null || SPLITS_OF_FETCH.contains(api)) {
					continue;
				}
				Object count = server.getAttribute(name, "Count");
				if (count instanceof Number number) {
					byApi.merge(api, number.doubleValue(), Double::sum);
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the broker's request metrics", ex);
		}
		return byApi;
	}

	/**
	 * The mean of each count over switches.
	 * @param switches the switches
	 * @return the means
	 */
	static Counted mean(List<Counted> switches) {
		Map<String, Double> byKind = new TreeMap<>();
		Map<String, Double> byApi = new TreeMap<>();
		double coordinator = 0;
		for (Counted counted : switches) {
			counted.byKind().forEach((kind, count) -> byKind.merge(kind, count / switches.size(), Double::sum));
			counted.byApi().forEach((api, count) -> byApi.merge(api, count / switches.size(), Double::sum));
			coordinator += counted.coordinator() / switches.size();
		}
		return new Counted(byKind, coordinator, byApi);
	}

}

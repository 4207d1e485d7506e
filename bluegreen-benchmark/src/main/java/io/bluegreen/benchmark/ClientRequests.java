package io.bluegreen.benchmark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jspecify.annotations.Nullable;

/**
 * The requests every Kafka client in this JVM has sent to the broker, by client id, from
 * the clients' own metrics ({@code request-total}, published over JMX by each client).
 *
 * @author bluegreen
 */
final class ClientRequests {

	private static final List<String> CLIENT_METRICS = List.of("kafka.consumer:type=consumer-metrics,*",
			"kafka.producer:type=producer-metrics,*", "kafka.admin.client:type=admin-client-metrics,*");

	private final Map<String, Double> totals;

	private ClientRequests(Map<String, Double> totals) {
		this.totals = totals;
	}

	/**
	 * Read every client's request count now.
	 * @return the counts by client id
	 */
	static ClientRequests now() {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Map<String, Double> totals = new HashMap<>();
		try {
			for (String pattern : CLIENT_METRICS) {
				for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
					Double total = requestTotal(server, name);
					if (total != null) {
						totals.merge(name.getKeyProperty("client-id"), total, Double::sum);
					}
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the Kafka clients' metrics", ex);
		}
		return new ClientRequests(totals);
	}

	/**
	 * Return a client's request count, or {@code null} for a client that closed since it
	 * was listed or has not registered the metric yet: a client registers its metrics one
	 * by one as it starts. Such a client is not counted in this reading.
	 */
	private static @Nullable Double requestTotal(MBeanServer server, ObjectName name) throws JMException {
		try {
			Object total = server.getAttribute(name, "request-total");
			return (total instanceof Number number) ? number.doubleValue() : null;
		}
		catch (AttributeNotFoundException | InstanceNotFoundException ex) {
			return null;
		}
	}

	/**
	 * Return the requests each client alive at both readings sent from this reading to a
	 * later one.
	 * @param later the later reading
	 * @return the requests by client id
	 */
	Map<String, Double> deltas(ClientRequests later) {
		Map<String, Double> deltas = new HashMap<>();
		later.totals.forEach((clientId, total) -> {
			Double before = this.totals.get(clientId);
			if (before != null) {
				deltas.put(clientId, total - before);
			}
		});
		return deltas;
	}

	/**
	 * Return the requests sent since an earlier reading by the clients alive at both, of
	 * the given client ids or of all others.
	 * @param earlier the earlier reading
	 * @param clientIds the client ids
	 * @param of whether to count the given client ids, or every other one
	 * @return the requests sent in between
	 */
	double since(ClientRequests earlier, Set<String> clientIds, boolean of) {
		double requests = 0;
		for (Map.Entry<String, Double> client : this.totals.entrySet()) {
			Double before = earlier.totals.get(client.getKey());
			if (before != null && clientIds.contains(client.getKey()) == of) {
				requests += client.getValue() - before;
			}
		}
		return requests;
	}

}

package dev.mtls.boot.authorization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The callers without a verified peer that the application port saw, for the mtls endpoint: who
 * still has to be given a certificate. An entry is a connection address (the socket's, never one
 * from a header), a method and a path pattern (the handler's, never the raw path), so the list
 * holds what the application serves rather than what callers make up; it keeps at most
 * {@value #MAX_ENTRIES} entries, the callers seen least recently giving way and counted in one more.
 *
 * @author mtls-spring-boot
 */
final class AnonymousCallers {

	static final int MAX_ENTRIES = 100;

	static final String MORE = "(more callers)";

	private final Map<String, Caller> callers = new LinkedHashMap<>();

	void seen(String address, String method, String path, DecisionCounts.Outcome outcome, Instant now) {
		String key = address + ' ' + method + ' ' + path;
		synchronized (this.callers) {
			if (!this.callers.containsKey(key) && this.callers.size() >= MAX_ENTRIES) {
				makeRoom();
			}
			Caller known = this.callers.get(key);
			this.callers.put(key, (known != null) ? known.again(outcome, now)
					: new Caller(address, method, path, outcome.tag(), 1, now, now));
		}
	}

	// The caller seen least recently makes room, its count kept in one more entry: callers that
	// invent addresses cannot keep a real caller, still calling, out of the list.
	private void makeRoom() {
		String eldest = null;
		Instant eldestSeen = null;
		for (Map.Entry<String, Caller> entry : this.callers.entrySet()) {
			Instant seen = entry.getValue().lastSeen();
			if (!MORE.equals(entry.getKey()) && (eldestSeen == null || seen.isBefore(eldestSeen))) {
				eldest = entry.getKey();
				eldestSeen = seen;
			}
		}
		if (eldest == null) {
			return;
		}
		Caller evicted = this.callers.remove(eldest);
		if (evicted == null) {
			return;
		}
		Caller more = this.callers.remove(MORE);
		this.callers.put(MORE, (more != null) ? more.including(evicted)
				: new Caller(MORE, MORE, MORE, evicted.outcome(), evicted.count(), evicted.firstSeen(), evicted.lastSeen()));
	}

	/**
	 * Return the callers, most recently seen first.
	 * @return the callers
	 */
	List<Caller> recent() {
		List<Caller> recent;
		synchronized (this.callers) {
			recent = new ArrayList<>(this.callers.values());
		}
		recent.sort(Collections.reverseOrder((a, b) -> a.lastSeen().compareTo(b.lastSeen())));
		return recent;
	}

	/**
	 * A caller without a verified peer.
	 *
	 * @param address the connection's remote address, or {@code unknown}
	 * @param method the HTTP method, or {@code OTHER}
	 * @param path the handler's path pattern, or {@code (unmatched)}
	 * @param outcome the last outcome: denied, audited or allowed
	 * @param count how many requests
	 * @param firstSeen the first request
	 * @param lastSeen the last request
	 */
	record Caller(String address, String method, String path, String outcome, long count, Instant firstSeen,
			Instant lastSeen) {

		Caller again(DecisionCounts.Outcome outcome, Instant now) {
			return new Caller(this.address, this.method, this.path, outcome.tag(), this.count + 1, this.firstSeen, now);
		}

		Caller including(Caller other) {
			return new Caller(this.address, this.method, this.path, this.outcome, this.count + other.count,
					this.firstSeen.isBefore(other.firstSeen) ? this.firstSeen : other.firstSeen,
					this.lastSeen.isAfter(other.lastSeen) ? this.lastSeen : other.lastSeen);
		}

	}

}

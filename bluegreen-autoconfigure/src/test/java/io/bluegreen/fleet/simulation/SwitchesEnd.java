package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;

/**
 * The invariants of switches, checked at the end of a run: every switch ended, within its
 * deadline and a bound; every request of a live instance was answered, and answered
 * completed or aborted only if the log decided so, unless its proposal was written into a
 * lost control topic and landed in the one created anew.
 */
final class SwitchesEnd {

	private final SimLog log;

	private final Consumer<String> fail;

	SwitchesEnd(SimLog log, Consumer<String> fail) {
		this.log = log;
		this.fail = fail;
	}

	/**
	 * Check the switches.
	 * @param requests the switches asked for
	 * @param faultsEnd when the faults stopped
	 * @param bound how long after its deadline, or after the faults stopped, a switch
	 * must have ended
	 */
	void check(List<FleetSimulation.Request> requests, Instant faultsEnd, Duration bound) {
		DesiredState truth = this.log.truth();
		if (truth == null) {
			// Nothing ever became active: every request was refused or unknown
			return;
		}
		if (truth.switchInProgress() != null) {
			this.fail.accept("switch " + truth.switchInProgress().id() + " never ended");
		}
		checkEndedInTime(faultsEnd, bound);
		for (FleetSimulation.Request request : requests) {
			if (request.node().alive() && !request.result().isDone()) {
				this.fail.accept(
						"the switch requested from " + request.node().id() + " at " + request.at() + " never answered");
			}
			if (request.result().isDone()) {
				checkAnswer(request, request.result().join());
			}
		}
	}

	private void checkEndedInTime(Instant faultsEnd, Duration bound) {
		Map<String, SwitchInProgress> started = new HashMap<>();
		for (long version = 1; this.log.decided(version) != null; version++) {
			DesiredState state = this.log.decided(version);
			if (state.switchInProgress() != null) {
				started.put(state.switchInProgress().id(), state.switchInProgress());
			}
			EndedSwitch ended = state.lastSwitch();
			if (ended != null && started.containsKey(ended.id())) {
				SwitchInProgress inProgress = started.remove(ended.id());
				Instant latest = max(inProgress.deadline(), faultsEnd).plus(bound);
				if (state.writtenAt().isAfter(latest)) {
					this.fail.accept("switch " + ended.id() + " ended at " + state.writtenAt() + ", after " + latest);
				}
			}
		}
	}

	/**
	 * A switch is answered completed or aborted only if the log decided so; when its
	 * outcome could not be known it is answered unknown.
	 */
	private void checkAnswer(FleetSimulation.Request request, SwitchResult result) {
		if (result.outcome() != SwitchOutcome.COMPLETED && result.outcome() != SwitchOutcome.ABORTED) {
			return;
		}
		boolean crossed = this.log.crossed()
			.stream()
			.anyMatch(
					(state) -> state.writer().equals(request.node().id()) && !state.writtenAt().isBefore(request.at()));
		if (crossed) {
			// Its proposal landed in a control topic created anew, where its proposer
			// read
			// it as decided: the limit docs/fleet.md states
			return;
		}
		DesiredState first = this.log.decided(1);
		if (result.outcome() == SwitchOutcome.COMPLETED && first != null && first.writer().equals(request.node().id())
				&& !first.writtenAt().isBefore(request.at()) && first.active().equals(request.to())) {
			// The first active color of the deployment, recorded by this request once the
			// broker told that the color has a live instance
			return;
		}
		boolean decided = this.log.decisions()
			.values()
			.stream()
			.map(DesiredState::lastSwitch)
			.anyMatch((ended) -> ended != null && ended.outcome() == result.outcome()
					&& ended.startedAt().equals(request.at()) && ended.to().equals(request.to()));
		if (!decided) {
			this.fail.accept("the switch requested from " + request.node().id() + " at " + request.at()
					+ " was answered " + result.outcome() + " but the log decided otherwise: " + result);
		}
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}

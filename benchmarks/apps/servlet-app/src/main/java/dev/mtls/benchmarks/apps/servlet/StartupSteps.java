package dev.mtls.benchmarks.apps.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * With {@code -Dbench.startup-steps=true}, records the start-up with Spring's
 * {@link BufferingApplicationStartup} and, once ready, prints the instantiation steps of the
 * starter's beans (outermost only, so nothing counts twice) for the benchmarks' start-up command.
 */
final class StartupSteps implements ApplicationListener<ApplicationReadyEvent> {

	static final boolean ENABLED = Boolean.getBoolean("bench.startup-steps");

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		if (!(event.getSpringApplication().getApplicationStartup() instanceof BufferingApplicationStartup startup)) {
			return;
		}
		ConfigurableListableBeanFactory beans = context.getBeanFactory();
		List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
		Map<Long, StartupTimeline.TimelineEvent> byId = new HashMap<>();
		events.forEach((step) -> byId.put(step.getStartupStep().getId(), step));
		List<StartupTimeline.TimelineEvent> outermost = new ArrayList<>();
		for (StartupTimeline.TimelineEvent step : events) {
			if (starterBean(step, beans) && !hasStarterAncestor(step, byId, beans)) {
				outermost.add(step);
			}
		}
		outermost.sort(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed());
		Duration total = Duration.ZERO;
		for (StartupTimeline.TimelineEvent step : outermost) {
			total = total.plus(step.getDuration());
		}
		for (StartupTimeline.TimelineEvent step : outermost.subList(0, Math.min(12, outermost.size()))) {
			System.out.println("bench-startup-step " + step.getDuration().toNanos() / 1000 + " " + beanName(step));
		}
		System.out.println("bench-startup-step " + total.toNanos() / 1000 + " all " + outermost.size()
				+ " outermost instantiations of the starter's beans");
		System.out.println("bench-startup-steps-end");
	}

	private static boolean hasStarterAncestor(StartupTimeline.TimelineEvent step,
			Map<Long, StartupTimeline.TimelineEvent> byId, ConfigurableListableBeanFactory beans) {
		Long parent = step.getStartupStep().getParentId();
		while (parent != null && byId.containsKey(parent)) {
			StartupTimeline.TimelineEvent ancestor = byId.get(parent);
			if (starterBean(ancestor, beans)) {
				return true;
			}
			parent = ancestor.getStartupStep().getParentId();
		}
		return false;
	}

	private static boolean starterBean(StartupTimeline.TimelineEvent step, ConfigurableListableBeanFactory beans) {
		String name = beanName(step);
		if (name == null || !step.getStartupStep().getName().equals("spring.beans.instantiate")) {
			return false;
		}
		if (name.startsWith("dev.mtls.boot")) {
			return true;
		}
		if (!beans.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beans.getBeanDefinition(name);
		String factory = definition.getFactoryBeanName();
		String type = definition.getBeanClassName();
		return (factory != null && factory.startsWith("dev.mtls.boot")) || (type != null && type.startsWith("dev.mtls.boot"));
	}

	private static String beanName(StartupTimeline.TimelineEvent step) {
		for (StartupStep.Tag tag : step.getStartupStep().getTags()) {
			if (tag.getKey().equals("beanName")) {
				return tag.getValue();
			}
		}
		return null;
	}

}

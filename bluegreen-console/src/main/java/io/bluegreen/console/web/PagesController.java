package io.bluegreen.console.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.console.fleet.Deployments;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The console's pages: every deployment, and one deployment.
 *
 * @author bluegreen
 */
@Controller
class PagesController {

	private final Deployments deployments;

	private final DeploymentPages pages;

	private final SwitchAccess access;

	private final ObjectProvider<ClientRegistrationRepository> registrations;

	PagesController(Deployments deployments, DeploymentPages pages, SwitchAccess access,
			ObjectProvider<ClientRegistrationRepository> registrations) {
		this.registrations = registrations;
		this.deployments = deployments;
		this.pages = pages;
		this.access = access;
	}

	@GetMapping("/")
	String deployments(Model model, @Nullable Authentication authentication) {
		model.addAttribute("deployments", this.pages.summaries());
		model.addAttribute("connectionProblem", this.pages.connectionProblem());
		model.addAttribute("user", this.access.user(authentication));
		model.addAttribute("fmt", Formats.INSTANCE);
		return "deployments";
	}

	@GetMapping("/deployments/{name}")
	String deployment(@PathVariable String name, Model model, @Nullable Authentication authentication) {
		DeploymentFleet fleet = find(name);
		model.addAttribute("page", this.pages.page(fleet));
		model.addAttribute("canSwitch", this.access.maySwitch(authentication));
		model.addAttribute("user", this.access.user(authentication));
		model.addAttribute("fmt", Formats.INSTANCE);
		return "deployment";
	}

	@GetMapping("/login")
	String login(@Nullable Authentication authentication, Model model) {
		List<String> providers = new ArrayList<>();
		if (this.registrations.getIfAvailable() instanceof Iterable<?> registered) {
			registered
				.forEach((registration) -> providers.add(((ClientRegistration) registration).getRegistrationId()));
		}
		model.addAttribute("providers", providers);
		return (this.access.user(authentication) != null) ? "redirect:/" : "login";
	}

	DeploymentFleet find(String name) {
		return this.deployments.find(name)
			.orElseThrow(
					() -> new ConsoleProblem(HttpStatus.NOT_FOUND, "No deployment '" + name + "' in the control topics",
							List.copyOf(this.deployments.all().stream().map(DeploymentFleet::name).toList())));
	}

}

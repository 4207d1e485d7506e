package io.bluegreen.integration.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import io.bluegreen.web.WriteAccess;

/**
 * Records, for {@link WriteAccess}, the address of the connection's own peer and whether
 * the request arrived with forwarded headers. Tomcat's {@code RemoteIpValve} (turned on
 * by {@code server.forward-headers-strategy=native}, and on Kubernetes by default)
 * replaces the remote address with the one a header names and removes the header when it
 * names only internal proxies, which include 127/8: a request from any pod could then
 * pass for a local one. This valve runs first and reads what the connection says.
 *
 * @author bluegreen
 */
public class TomcatPeerAddressValve extends ValveBase {

	public TomcatPeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(WriteAccess.PEER_ADDRESS_ATTRIBUTE, request.getPeerAddr());
		if (Collections.list(request.getHeaderNames()).stream().anyMatch(WriteAccess::isForwardedHeader)) {
			request.setAttribute(WriteAccess.FORWARDED_ATTRIBUTE, Boolean.TRUE);
		}
		getNext().invoke(request, response);
	}

}

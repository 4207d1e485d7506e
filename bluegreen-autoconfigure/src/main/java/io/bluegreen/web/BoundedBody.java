package io.bluegreen.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body of at most a given size: a larger declared length is refused
 * before anything is read, and a body without a declared length (chunked) is read only
 * one byte past the limit. What was read is handed on as the request's body.
 *
 * @author bluegreen
 */
public final class BoundedBody {

	private final long limit;

	/**
	 * Create a new reader.
	 * @param limit the largest body to read
	 */
	public BoundedBody(DataSize limit) {
		this.limit = limit.toBytes();
	}

	/**
	 * Read the body of a request.
	 * @param request the request
	 * @return the request with its body read, to be read again, or {@code null} when the
	 * body is larger than the limit
	 * @throws IOException when the body cannot be read
	 */
	public @Nullable HttpServletRequest read(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.limit) {
			return null;
		}
		// The container swallows or drops what is left of a larger body
		byte[] body = request.getInputStream().readNBytes((int) Math.min(this.limit + 1, Integer.MAX_VALUE));
		return (body.length > this.limit) ? null : new ReadAgain(request, body);
	}

	/**
	 * Return the refusal of a body larger than the limit.
	 * @return a 413 problem
	 */
	public ProblemDetail tooLarge() {
		ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than "
				+ this.limit + " bytes, the most bluegreen.access.max-body-size lets a write surface read");
		problem.setProperty("maxBodySize", this.limit);
		return problem;
	}

	/**
	 * The request with its body, read once, to be read again.
	 */
	private static final class ReadAgain extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadAgain(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}

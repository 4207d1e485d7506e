package io.bluegreen.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The token callers present to change state: a fixed value, or the content of a file such
 * as a mounted Kubernetes Secret, read again whenever the file's modification time
 * changes so that a rotated Secret applies without a restart.
 *
 * @author bluegreen
 */
public final class AccessToken {

	private static final Log logger = LogFactory.getLog(AccessToken.class);

	private final @Nullable Path file;

	private volatile Snapshot snapshot;

	private AccessToken(@Nullable Path file, Snapshot snapshot) {
		this.file = file;
		this.snapshot = snapshot;
	}

	/**
	 * A fixed token.
	 * @param token the token, or {@code null} or blank for none
	 * @return the token
	 */
	public static AccessToken of(@Nullable String token) {
		return new AccessToken(null, new Snapshot(null, bytes(token), false));
	}

	/**
	 * A token read from a file, the whole file with surrounding whitespace removed.
	 * @param file the file
	 * @return the token
	 */
	public static AccessToken fromFile(Path file) {
		AccessToken token = new AccessToken(file, new Snapshot(null, null, false));
		token.current();
		return token;
	}

	/**
	 * Return the token as it is now.
	 * @return the token's bytes, or {@code null} when there is none (no token configured,
	 * or the file is missing, unreadable or empty)
	 */
	public byte @Nullable [] current() {
		Path path = this.file;
		if (path == null) {
			return this.snapshot.token();
		}
		FileTime modified = modified(path);
		Snapshot seen = this.snapshot;
		if (modified == null) {
			if (seen.modified() != null || seen.token() != null || !seen.warned()) {
				logger.warn("The token file " + path + " does not exist: no caller may change state until it does");
				this.snapshot = new Snapshot(null, null, true);
			}
			return null;
		}
		if (modified.equals(seen.modified())) {
			return seen.token();
		}
		Snapshot read = read(path, modified);
		this.snapshot = read;
		return read.token();
	}

	/**
	 * Return where the token comes from, for messages.
	 * @return the property or file the token is taken from
	 */
	public String source() {
		return (this.file != null) ? "bluegreen.access.token-file (" + this.file + ")" : "bluegreen.access.token";
	}

	private static Snapshot read(Path path, @Nullable FileTime modified) {
		try {
			byte[] token = bytes(Files.readString(path, StandardCharsets.UTF_8));
			if (token == null) {
				logger.warn("The token file " + path + " is empty: no caller may change state until it holds a token");
			}
			return new Snapshot(modified, token, false);
		}
		catch (IOException ex) {
			logger.warn("Cannot read the token file " + path + " (" + ex + "): no caller may change state until it "
					+ "can be read");
			return new Snapshot(modified, null, true);
		}
	}

	private static @Nullable FileTime modified(Path path) {
		try {
			return Files.getLastModifiedTime(path);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static byte @Nullable [] bytes(@Nullable String token) {
		return StringUtils.hasText(token) ? token.strip().getBytes(StandardCharsets.UTF_8) : null;
	}

	private record Snapshot(@Nullable FileTime modified, byte @Nullable [] token, boolean warned) {
	}

}

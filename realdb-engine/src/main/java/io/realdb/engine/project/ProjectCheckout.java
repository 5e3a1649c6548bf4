package io.realdb.engine.project;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.log.Sanitizer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A working copy of the project under test, cloned with JGit. Refs are branches, tags, commits
 * or refs that a clone does not bring (Gerrit's {@code refs/changes/15/65615/3}), which are
 * fetched on demand.
 */
public final class ProjectCheckout implements AutoCloseable {

    /**
     * How long a git server may leave a fetch without a word (JGit's read timeout): a server that
     * accepts and never answers is an infrastructure error, not a hung run.
     */
    static final int FETCH_TIMEOUT_SECONDS = 120;

    private static final String FETCHED = "refs/realdb/fetched/";
    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/remotes/origin/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

    private final String source;
    private final Path dir;
    private final Git git;
    private final int timeoutSeconds;
    private int fetchedCount;

    /** The source's credentials, kept in memory only: never in the checkout's config, where migrations could read them. */
    private final CredentialsProvider credentials;

    private ProjectCheckout(String source, Path dir, Git git, CredentialsProvider credentials, int timeoutSeconds) {
        this.source = source;
        this.dir = dir;
        this.git = git;
        this.credentials = credentials;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Clones {@code source} (a local folder or a git URL) into {@code dir}, which must not exist
     * or be empty: its branches (as {@code refs/remotes/origin/*}) and tags. A clone command would
     * also check out the source's HEAD, which fails on a CI workspace that has no branch and a
     * detached HEAD; the HEAD of a local source is fetched as well, when it has one, so that its
     * commit id resolves.
     */
    public static ProjectCheckout cloneFrom(String givenSource, Path dir) {
        return cloneFrom(givenSource, dir, FETCH_TIMEOUT_SECONDS);
    }

    /** @param timeoutSeconds how long the server may stay silent in a fetch */
    static ProjectCheckout cloneFrom(String givenSource, Path dir, int timeoutSeconds) {
        String uri = toUri(givenSource);
        CredentialsProvider credentials = null;
        String source = givenSource;
        if (!isLocal(givenSource)) {
            try {
                URIish parsed = new URIish(givenSource);
                if (parsed.getPass() != null) {
                    credentials = new UsernamePasswordCredentialsProvider(parsed.getUser(), parsed.getPass());
                    uri = parsed.setPass(null).toString();
                    source = uri;
                }
            } catch (java.net.URISyntaxException e) {
                throw new BadInputException("project '" + Sanitizer.standard().clean(givenSource)
                        + "' is neither a folder nor a git URL: " + e.getReason(), e);
            }
        }
        Git git = null;
        try {
            git = Git.init().setDirectory(dir.toFile()).call();
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", uri);
            config.setString("remote", "origin", "fetch", BRANCHES.toString());
            // realdb reads the checkout's files itself, outside the sandbox: a link a change brings
            // (to ~/.netrc, /proc/self/environ) must be a file holding the link's text, not the file.
            config.setBoolean("core", null, "symlinks", false);
            config.save();
            git.fetch().setRemote("origin").setCredentialsProvider(credentials).setRefSpecs(BRANCHES, TAGS)
                    .setTimeout(timeoutSeconds).call();
            ProjectCheckout checkout = new ProjectCheckout(source, dir, git, credentials, timeoutSeconds);
            if (isLocal(source)) {
                checkout.fetchFrom("origin", source, "HEAD");
            }
            return checkout;
        } catch (InvalidRemoteException e) {
            close(git);
            throw new BadInputException("project '" + source + "' is not a git repository", e);
        } catch (TransportException e) {
            close(git);
            if (isLocal(source)) {
                throw new BadInputException("project '" + source + "' cannot be read as a git repository: "
                        + e.getMessage(), e);
            }
            throw new InfrastructureException("git clone of '" + source + "' failed: " + e.getMessage(), e);
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException | IOException e) {
            close(git);
            throw new InfrastructureException("git clone of '" + source + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(git);
            throw e;
        }
    }

    private static void close(Git git) {
        if (git != null) {
            git.close();
        }
    }

    private static boolean isLocal(String source) {
        return !source.contains("://") && !source.matches("^[\\w.-]+@[\\w.-]+:.*");
    }

    private static String toUri(String source) {
        if (!isLocal(source)) {
            return source;
        }
        Path path = Path.of(source).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new BadInputException("project folder '" + source + "' does not exist");
        }
        if (!Files.exists(path.resolve(".git")) && !Files.exists(path.resolve("HEAD"))) {
            throw new BadInputException("project folder '" + source + "' is not a git repository (no .git)");
        }
        return path.toUri().toString();
    }

    public Path dir() {
        return dir;
    }

    /**
     * The commit a ref names. Tries, in order: a branch of the source, a tag, a full ref of the
     * clone, a commit id, and finally fetching the ref from the source.
     */
    public ObjectId resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException("empty ref: give a branch, a tag, a commit or a ref such as refs/changes/15/65615/3");
        }
        Repository repo = git.getRepository();
        try {
            for (String candidate : List.of("refs/remotes/origin/" + ref, "refs/tags/" + ref, ref)) {
                Ref found = repo.exactRef(candidate);
                if (found != null) {
                    return peelToCommit(found.getObjectId(), ref);
                }
            }
            if (ref.matches("[0-9a-fA-F]{4,40}")) {
                ObjectId id = repo.resolve(ref.toLowerCase(Locale.ROOT) + "^{commit}");
                if (id != null) {
                    return id;
                }
            }
            return fetch(ref);
        } catch (RevisionSyntaxException | IOException e) {
            throw new BadInputException("cannot read ref '" + ref + "' in project '" + source + "': " + e.getMessage(), e);
        }
    }

    /**
     * Fetches a ref the clone did not bring. A local source is often a CI workspace, itself a
     * clone: its trunk may exist only as {@code refs/remotes/origin/master}, and a Gerrit ref it
     * never fetched is on its own {@code origin}. Both are tried after the source itself.
     */
    private ObjectId fetch(String ref) throws IOException {
        String fullRef = ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
        ObjectId found = fetchFrom("origin", source, fullRef);
        if (found == null && isLocal(source)) {
            if (!ref.startsWith("refs/")) {
                found = fetchFrom("origin", source, "refs/remotes/origin/" + ref);
            }
            String upstream = upstreamOf(Path.of(source));
            if (found == null && upstream != null) {
                found = fetchFrom(upstream, upstream + " (the origin of project '" + source + "')", fullRef);
            }
        }
        if (found == null) {
            throw unknownRef(ref, null);
        }
        return peelToCommit(found, ref);
    }

    /** The commit {@code fullRef} names at {@code remote}, or null when it has no such ref. */
    private ObjectId fetchFrom(String remote, String description, String fullRef) throws IOException {
        String local = FETCHED + (fetchedCount++);
        try {
            git.fetch().setRemote(remote).setCredentialsProvider("origin".equals(remote) ? credentials : null)
                    .setRefSpecs(new RefSpec("+" + fullRef + ":" + local)).setTimeout(timeoutSeconds).call();
        } catch (TransportException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not have")) {
                return null;
            }
            throw new InfrastructureException("git fetch of '" + fullRef + "' from " + description + " failed: " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new InfrastructureException("git fetch of '" + fullRef + "' from " + description + " failed: " + e.getMessage(), e);
        }
        Ref fetched = git.getRepository().exactRef(local);
        return fetched == null ? null : fetched.getObjectId();
    }

    private static String upstreamOf(Path source) {
        try (Git workspace = Git.open(source.toFile())) {
            String url = workspace.getRepository().getConfig().getString("remote", "origin", "url");
            if (url == null || url.isBlank()) {
                return null;
            }
            return isLocal(url) ? source.resolve(url).toAbsolutePath().normalize().toUri().toString() : url;
        } catch (IOException e) {
            return null;
        }
    }

    private BadInputException unknownRef(String ref, Exception cause) {
        return new BadInputException("unknown ref '" + ref + "' in project '" + source
                + "': no branch, tag, commit or fetchable ref has that name", cause);
    }

    private ObjectId peelToCommit(ObjectId id, String ref) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit commit = walk.parseCommit(id);
            return commit.getId();
        } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new BadInputException("ref '" + ref + "' does not name a commit", e);
        }
    }

    /** Replaces the working tree with the commit's files, removing anything else. */
    public void checkout(ObjectId commit) {
        try {
            git.checkout().setName(commit.name()).setForced(true).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        } catch (GitAPIException e) {
            throw new InfrastructureException("git checkout of " + commit.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}

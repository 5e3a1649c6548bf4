package io.realdb.engine.project;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A working copy of the project under test. Refs are branches, tags, commits or refs that a
 * clone does not bring (Gerrit's {@code refs/changes/15/65615/3}).
 *
 * <p>What is fetched goes into a {@link ProjectMirror}: the project's shared one in realdb's home
 * ({@link #fromMirror}), where the next run finds it, or one of the checkout's own
 * ({@link #cloneFrom}). A new mirror's first fetch brings every branch and tag, as a clone does;
 * after that each ref is fetched by name whenever it is resolved, so that a branch that moved or
 * was force-pushed resolves to where it is now, never to where the mirror last saw it. The
 * working copy is then made from the mirror without the network.
 */
public final class ProjectCheckout implements AutoCloseable {

    /**
     * How long a git server may leave a fetch without a word (JGit's read timeout): a server that
     * accepts and never answers is an infrastructure error, not a hung run.
     */
    static final int FETCH_TIMEOUT_SECONDS = 120;

    /** Set to {@code off}, runs clone into a mirror of their own instead of the shared one. */
    public static final String MIRRORS_VARIABLE = "REALDB_MIRRORS";

    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");
    /** A local source's HEAD: a CI workspace's detached HEAD is often the change under test. */
    private static final String SOURCE_HEAD = "refs/realdb/source-head";
    /** Refs found on a local source's own origin. */
    private static final String UPSTREAM = "refs/realdb/upstream/";
    /** Commits fetched by id, kept so that repacking the mirror keeps them. */
    private static final String COMMITS = "refs/realdb/commits/";

    private final ProjectSource source;
    private final Path dir;
    private final ProjectMirror mirror;
    private final boolean shared;
    private final int timeoutSeconds;
    private Git git;
    private boolean mirrorCreated;
    private long fetchNanos;
    private long copyNanos;
    private long checkoutNanos;

    private ProjectCheckout(ProjectSource source, Path dir, Git git, ProjectMirror mirror, boolean shared,
                            int timeoutSeconds) {
        this.source = source;
        this.dir = dir;
        this.git = git;
        this.mirror = mirror;
        this.shared = shared;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * A working copy in {@code dir} (which must not exist or be empty) of {@code source} (a local
     * folder or a git URL), through the project's mirror in {@code home}/mirrors, which it makes
     * when there is none. Runs of one project take turns on its mirror.
     */
    public static ProjectCheckout fromMirror(String source, Path home, Path dir) {
        return fromMirror(source, home, dir, FETCH_TIMEOUT_SECONDS);
    }

    /** @param timeoutSeconds how long the server may stay silent in a fetch */
    static ProjectCheckout fromMirror(String givenSource, Path home, Path dir, int timeoutSeconds) {
        ProjectSource source = ProjectSource.parse(givenSource);
        return open(source, dir, ProjectMirror.shared(home, source), true, timeoutSeconds);
    }

    /**
     * A working copy in {@code dir} (which must not exist or be empty) of {@code source} (a local
     * folder or a git URL), through a mirror of its own beside it, which {@link #close()} removes:
     * nothing is shared with other runs.
     */
    public static ProjectCheckout cloneFrom(String source, Path dir) {
        return cloneFrom(source, dir, FETCH_TIMEOUT_SECONDS);
    }

    /** @param timeoutSeconds how long the server may stay silent in a fetch */
    static ProjectCheckout cloneFrom(String givenSource, Path dir, int timeoutSeconds) {
        ProjectSource source = ProjectSource.parse(givenSource);
        ProjectMirror own = ProjectMirror.at(dir.resolveSibling(dir.getFileName() + ".mirror"), source);
        return open(source, dir, own, false, timeoutSeconds);
    }

    private static ProjectCheckout open(ProjectSource source, Path dir, ProjectMirror mirror, boolean shared,
                                        int timeoutSeconds) {
        Git git;
        try {
            git = Git.init().setDirectory(dir.toFile()).call();
            StoredConfig config = git.getRepository().getConfig();
            // For people and tools that look: the source without its password, never the mirror.
            config.setString("remote", "origin", "url", source.uri());
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            // realdb reads the checkout's files itself, outside the sandbox: a link a change brings
            // (to ~/.netrc, /proc/self/environ) must be a file holding the link's text, not the file.
            config.setBoolean("core", null, "symlinks", false);
            config.save();
        } catch (GitAPIException | JGitInternalException | IOException e) {
            throw new InfrastructureException("cannot make a git working copy in " + dir + ": " + e.getMessage(), e);
        }
        ProjectCheckout checkout = new ProjectCheckout(source, dir, git, mirror, shared, timeoutSeconds);
        try (ProjectMirror.Session session = checkout.openMirror()) {
            session.repackWhenScattered();
            checkout.copyObjects(session);
            return checkout;
        } catch (IOException e) {
            checkout.close();
            throw checkout.mirrorTrouble(e);
        } catch (RuntimeException | Error e) {
            checkout.close();
            throw e;
        }
    }

    /** The mirror, locked; made first, with every branch and tag of the source, when missing or half made. */
    private ProjectMirror.Session openMirror() throws IOException {
        ProjectMirror.Session session = mirror.open(repository -> fetchBranchesAndTags(repository,
                "git clone of '" + source + "' failed: "));
        mirrorCreated |= session.created();
        return session;
    }

    /** What a clone brings: every branch and tag, and a local source's HEAD. */
    private void fetchBranchesAndTags(Repository repository, String failure) {
        long start = System.nanoTime();
        try {
            Git.wrap(repository).fetch().setRemote(source.uri()).setCredentialsProvider(source.credentials())
                    .setRefSpecs(BRANCHES, TAGS).setRemoveDeletedRefs(true).setTimeout(timeoutSeconds).call();
        } catch (InvalidRemoteException e) {
            throw new BadInputException("project '" + source + "' is not a git repository", e);
        } catch (TransportException e) {
            if (source.isLocal()) {
                throw new BadInputException("project '" + source + "' cannot be read as a git repository: "
                        + e.getMessage(), e);
            }
            throw new InfrastructureException(failure + e.getMessage(), e);
        } catch (GitAPIException | JGitInternalException e) {
            throw new InfrastructureException(failure + e.getMessage(), e);
        } finally {
            fetchNanos += System.nanoTime() - start;
        }
        if (source.isLocal()) {
            fetchFrom(repository, source.uri(), source.credentials(), source.shown(), "HEAD", SOURCE_HEAD);
        }
    }

    private void copyObjects(ProjectMirror.Session session) throws IOException {
        long start = System.nanoTime();
        try {
            if (session.copyObjectsInto(git.getRepository().getDirectory().toPath()) > 0) {
                // Opened afresh, the working copy sees the new packs for certain.
                git.close();
                git = Git.open(dir.toFile());
            }
        } finally {
            copyNanos += System.nanoTime() - start;
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The commit a ref names: a branch of the source, a tag, a full ref (fetched by name each
     * time, so that a ref that moved resolves to where it is now), or a commit id (found in the
     * mirror when a run fetched it before, otherwise fetched).
     */
    public ObjectId resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException("empty ref: give a branch, a tag, a commit or a ref such as refs/changes/15/65615/3");
        }
        try (ProjectMirror.Session session = openMirror()) {
            ObjectId commit = find(session.repository(), ref);
            copyObjects(session);
            return commit;
        } catch (IOException e) {
            throw mirrorTrouble(e);
        }
    }

    private InfrastructureException mirrorTrouble(IOException e) {
        return new InfrastructureException("cannot use the mirror " + mirror.dir() + " of project '" + source + "': "
                + e.getMessage(), e);
    }

    private ObjectId find(Repository repository, String ref) {
        boolean fullId = ref.matches("[0-9a-fA-F]{40}");
        try {
            if (!fullId) {
                ObjectId named = fetchByName(repository, ref);
                if (named != null) {
                    return peelToCommit(repository, named, ref);
                }
                if (!ref.matches("[0-9a-fA-F]{4,39}")) {
                    throw unknownRef(ref);
                }
            }
            String id = ref.toLowerCase(Locale.ROOT);
            ObjectId commit = commitIn(repository, id);
            if (commit == null) {
                // No run fetched it yet: what a clone brings has it, unless only a ref such as
                // refs/changes/... does, which a server may still give by id.
                fetchBranchesAndTags(repository, "git fetch of the branches and tags of '" + source + "' failed: ");
                commit = commitIn(repository, id);
            }
            if (commit == null && fullId) {
                commit = fetchById(repository, id);
            }
            if (commit == null) {
                throw unknownRef(ref);
            }
            return commit;
        } catch (RevisionSyntaxException | IOException e) {
            throw new BadInputException("cannot read ref '" + ref + "' in project '" + source + "': " + e.getMessage(), e);
        }
    }

    /**
     * Fetches a branch, a tag or a full ref by name. A local source is often a CI workspace,
     * itself a clone: its trunk may exist only as {@code refs/remotes/origin/master}, and a Gerrit
     * ref it never fetched is on its own {@code origin}. Both are tried after the source itself.
     *
     * @return the object the ref names at the source, or null when it has no such ref
     */
    private ObjectId fetchByName(Repository repository, String ref) {
        boolean full = ref.startsWith("refs/");
        List<String> candidates = full ? List.of(ref) : List.of("refs/heads/" + ref, "refs/tags/" + ref);
        for (String candidate : candidates) {
            ObjectId found = fetchFrom(repository, source.uri(), source.credentials(), source.shown(), candidate, candidate);
            if (found != null) {
                return found;
            }
        }
        if (!source.isLocal()) {
            return null;
        }
        if (!full) {
            String tracking = "refs/remotes/origin/" + ref;
            ObjectId found = fetchFrom(repository, source.uri(), null, source.shown(), tracking, tracking);
            if (found != null) {
                return found;
            }
        }
        String upstream = upstreamOf(Path.of(source.shown()));
        if (upstream == null) {
            return null;
        }
        String fullRef = candidates.get(0);
        return fetchFrom(repository, upstream, null, upstream + " (the origin of project '" + source + "')", fullRef,
                UPSTREAM + fullRef.substring("refs/".length()));
    }

    /**
     * Fetches {@code remoteRef} into the mirror's {@code localRef}, forced: the ref may have been
     * force-pushed since the mirror last saw it.
     *
     * @return the object {@code remoteRef} names at the remote now, or null when it has no such ref
     */
    private ObjectId fetchFrom(Repository repository, String remote, CredentialsProvider credentials, String description,
                               String remoteRef, String localRef) {
        long start = System.nanoTime();
        try {
            FetchResult result = Git.wrap(repository).fetch().setRemote(remote).setCredentialsProvider(credentials)
                    .setRefSpecs(new RefSpec("+" + remoteRef + ":" + localRef)).setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds).call();
            // What the remote said, not the mirror's ref, which a conflicting stale ref could keep from moving.
            Ref advertised = result.getAdvertisedRef(remoteRef);
            return advertised == null ? null : advertised.getObjectId();
        } catch (TransportException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not have")) {
                return null;
            }
            throw new InfrastructureException("git fetch of '" + remoteRef + "' from " + description + " failed: "
                    + e.getMessage(), e);
        } catch (GitAPIException | JGitInternalException e) {
            throw new InfrastructureException("git fetch of '" + remoteRef + "' from " + description + " failed: "
                    + e.getMessage(), e);
        } finally {
            fetchNanos += System.nanoTime() - start;
        }
    }

    /** A commit no branch or tag holds, fetched by its id; null when the server does not give it. */
    private ObjectId fetchById(Repository repository, String id) throws IOException {
        if (source.isLocal() && !localSourceHas(id)) {
            // JGit's in-process server would print the refusal's stack trace on standard error.
            return null;
        }
        long start = System.nanoTime();
        try {
            Git.wrap(repository).fetch().setRemote(source.uri()).setCredentialsProvider(source.credentials())
                    .setRefSpecs(new RefSpec("+" + id + ":" + COMMITS + id)).setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds).call();
        } catch (GitAPIException | JGitInternalException e) {
            // The server was just reached for its branches: it refuses to give objects by id, or has no such one.
            return null;
        } finally {
            fetchNanos += System.nanoTime() - start;
        }
        return commitIn(repository, id);
    }

    /** The commit {@code id} (full or abbreviated) names in the mirror, or null when the mirror lacks it. */
    private ObjectId commitIn(Repository repository, String id) throws IOException {
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            List<ObjectId> commits = new ArrayList<>();
            for (ObjectId match : reader.resolve(AbbreviatedObjectId.fromString(id))) {
                // A full id comes back whether the mirror has it or not.
                if (!reader.has(match)) {
                    continue;
                }
                try {
                    commits.add(walk.parseCommit(match).getId());
                } catch (IncorrectObjectTypeException e) {
                    // A tree or a blob whose id starts the same.
                }
            }
            if (commits.size() > 1) {
                throw new BadInputException("commit id '" + id + "' is ambiguous in project '" + source + "': "
                        + commits.size() + " commits start with it");
            }
            return commits.isEmpty() ? null : commits.get(0);
        }
    }

    private boolean localSourceHas(String id) {
        try (Git local = Git.open(Path.of(source.shown()).toFile())) {
            return local.getRepository().getObjectDatabase().has(ObjectId.fromString(id));
        } catch (IOException e) {
            return false;
        }
    }

    private static String upstreamOf(Path source) {
        try (Git workspace = Git.open(source.toFile())) {
            String url = workspace.getRepository().getConfig().getString("remote", "origin", "url");
            if (url == null || url.isBlank()) {
                return null;
            }
            return ProjectSource.isLocal(url) ? source.resolve(url).toAbsolutePath().normalize().toUri().toString() : url;
        } catch (IOException e) {
            return null;
        }
    }

    private BadInputException unknownRef(String ref) {
        return new BadInputException("unknown ref '" + ref + "' in project '" + source
                + "': no branch, tag, commit or fetchable ref has that name");
    }

    private static ObjectId peelToCommit(Repository repository, ObjectId id, String ref) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id).getId();
        } catch (IncorrectObjectTypeException e) {
            throw new BadInputException("ref '" + ref + "' does not name a commit", e);
        }
    }

    /** Replaces the working tree with the commit's files, removing anything else. */
    public void checkout(ObjectId commit) {
        long start = System.nanoTime();
        try {
            git.checkout().setName(commit.name()).setForced(true).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        } catch (GitAPIException e) {
            throw new InfrastructureException("git checkout of " + commit.name() + " failed: " + e.getMessage(), e);
        } finally {
            checkoutNanos += System.nanoTime() - start;
        }
    }

    /** What the working copy has cost so far. */
    public Timing timing() {
        return new Timing(mirror.dir(), shared, mirrorCreated, Duration.ofNanos(fetchNanos), Duration.ofNanos(copyNanos),
                Duration.ofNanos(checkoutNanos));
    }

    /** Closes the working copy; a mirror of its own goes with it. */
    @Override
    public void close() {
        git.close();
        if (!shared) {
            try {
                mirror.remove();
            } catch (IOException e) {
                throw new InfrastructureException("cannot remove the checkout's mirror " + mirror.dir() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * What getting the working copy cost.
     *
     * @param mirror        the mirror it came through
     * @param shared        whether that is the project's mirror in realdb's home, or the checkout's own
     * @param mirrorCreated whether this checkout made the mirror, fetching every branch and tag
     * @param fetch         the time spent fetching into the mirror
     * @param copy          the time spent copying the mirror's objects into the working copy
     * @param checkout      the time spent writing commits' files into the working copy
     */
    public record Timing(Path mirror, boolean shared, boolean mirrorCreated, Duration fetch, Duration copy,
                         Duration checkout) {

        /** One line for the run's log. */
        public String describe() {
            String how = !shared ? "Project cloned through a mirror of the run's own (" + MIRRORS_VARIABLE + "=off)"
                    : "Project mirror " + mirror + (mirrorCreated ? " created" : " reused");
            return how + ": fetching took " + seconds(fetch) + ", copying objects into the working copy "
                    + seconds(copy) + ", checking out " + seconds(checkout);
        }

        private static String seconds(Duration duration) {
            return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
        }
    }
}

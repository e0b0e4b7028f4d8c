package dev.jailnet.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What kind of failure an exception stands for, whichever layer wrapped it (Hibernate, Narayana, Agroal,
 * pgjdbc). It decides what happens next: a message is retried rather than dead-lettered, a request is
 * answered 503 or retried rather than 500.
 */
public enum Failure {

    /**
     * A dependency cannot be reached now (the database is down, paused or refusing connections), or did not answer
     * before the transaction timed out.
     */
    UNAVAILABLE,

    /** Two transactions met on the same rows (serialisation failure, deadlock, a stale version): try again. */
    CONFLICT,

    /** Anything else: a bug, or a state the code did not foresee. */
    OTHER;

    /** Rows changed by another transaction meanwhile; named, so that this module needs neither JPA nor Hibernate. */
    private static final Set<String> STALE = Set.of(
            "jakarta.persistence.OptimisticLockException", "jakarta.persistence.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException", "org.hibernate.StaleStateException");

    /**
     * Narayana's refusal to commit a transaction its reaper has rolled back: the transaction outlived its timeout
     * (60 s by default), waiting on a database that did not answer (paused, or cut off without a refusal). Matched
     * by its message id, since the same exception type also stands for a commit refused for other reasons.
     */
    private static final String TIMED_OUT_TYPE = "jakarta.transaction.RollbackException";
    private static final String TIMED_OUT_ID = "ARJUNA016102";

    /** Nothing is wrong with the request or the message: the same work may succeed when tried again. */
    public boolean isTransient() {
        return this != OTHER;
    }

    /**
     * The failure an exception stands for: an outage anywhere in its causes (or their suppressed exceptions:
     * Narayana attaches a failed commit's cause so) is an outage; else a conflict anywhere is a conflict.
     */
    public static Failure of(Throwable failure) {
        return of(failure, new IdentityHashMap<>());
    }

    private static Failure of(Throwable failure, Map<Throwable, Boolean> seen) {
        Failure found = OTHER;
        for (Throwable e = failure; e != null && seen.put(e, Boolean.TRUE) == null; e = e.getCause()) {
            Failure here = classify(e);
            for (Throwable suppressed : e.getSuppressed()) {
                Failure inside = of(suppressed, seen);
                here = inside == UNAVAILABLE || here == OTHER ? inside : here;
            }
            if (here == UNAVAILABLE) {
                return UNAVAILABLE;
            }
            if (here == CONFLICT) {
                found = CONFLICT;
            }
        }
        return found;
    }

    private static Failure classify(Throwable e) {
        if (e instanceof TransactionTimedOut || e instanceof ConnectException || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
            return UNAVAILABLE;
        }
        if (e instanceof SQLException sql) {
            return ofSqlState(sql.getSQLState(), sql.getMessage());
        }
        if (e.getClass().getName().equals(TIMED_OUT_TYPE) && e.getMessage() != null
                && e.getMessage().startsWith(TIMED_OUT_ID)) {
            return UNAVAILABLE;
        }
        for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
            if (STALE.contains(type.getName())) {
                return CONFLICT;
            }
        }
        return OTHER;
    }

    /**
     * PostgreSQL's SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P01..57P03 the
     * server shutting down or starting; 40001 serialization failure, 40P01 deadlock, 55P03 lock not available.
     * A pool that cannot hand out a connection in time (Agroal) says so without a state.
     */
    static Failure ofSqlState(String state, String message) {
        if (state == null) {
            // Agroal's words: "Acquisition timeout while waiting for new connection"
            return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout") ? UNAVAILABLE
                    : OTHER;
        }
        if (state.startsWith("08") || state.startsWith("53") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03")) {
            return UNAVAILABLE;
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return CONFLICT;
        }
        return OTHER;
    }
}

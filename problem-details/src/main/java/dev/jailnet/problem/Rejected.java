package dev.jailnet.problem;

/**
 * A request the domain refuses: the thing does not exist, its state forbids the change, or the input is
 * invalid. Thrown before anything changes, so a rejected request leaves no partial state.
 */
public class Rejected extends RuntimeException {

    public enum Kind {
        NOT_FOUND(404, "Not Found"),
        CONFLICT(409, "Conflict"),
        INVALID(400, "Bad Request");

        final int status;
        final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    private final Kind kind;
    private final String field;

    public Rejected(Kind kind, String field, String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public static Rejected notFound(String field, String detail) {
        return new Rejected(Kind.NOT_FOUND, field, detail);
    }

    public static Rejected conflict(String field, String detail) {
        return new Rejected(Kind.CONFLICT, field, detail);
    }

    public static Rejected invalid(String field, String detail) {
        return new Rejected(Kind.INVALID, field, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}

package dev.jailnet.ifnet.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;

/** A reference on an interface held by an object of another service ({@code if_ref}), e.g. {@code nhop:vnet3/17}. */
@Entity
@Table(name = "ifnet_ref")
public class IfnetRef {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "if_index")
    private Ifnet ifnet;

    @Column(nullable = false)
    private String holder;

    /** The VNET of the holder (a nexthop's): {@code vnet_shutdown} releases a VNET's references all at once. */
    @Column(name = "holder_vnet", nullable = false)
    private String holderVnet;

    @Column(name = "taken_at", nullable = false)
    private Instant takenAt;

    /** Made only by the database ({@code IfnetRepository.takeRef}): a reference is taken in one statement. */
    protected IfnetRef() {
    }

    /** The holders as a step's refusal or a fault names them: the first few, then how many more. */
    public static String named(Collection<IfnetRef> refs) {
        return IfnetHolders.firstOf(refs, IfnetRef::holder, ", ");
    }

    public long id() {
        return id;
    }

    public String holder() {
        return holder;
    }

    public Instant takenAt() {
        return takenAt;
    }
}

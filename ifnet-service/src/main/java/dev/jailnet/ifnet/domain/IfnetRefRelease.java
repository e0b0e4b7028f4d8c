package dev.jailnet.ifnet.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A release that arrived before the reference it releases: the saga passes routing's releases to the
 * interface layer on one topic while routing announces nexthops on another, so the two may cross. The
 * announcement that comes later finds this and takes no reference.
 */
@Entity
@Table(name = "ifnet_ref_release")
public class IfnetRefRelease {

    @Id
    private String holder;

    @Column(name = "if_index", nullable = false)
    private int ifIndex;

    @Column(name = "released_at", nullable = false)
    private Instant releasedAt;

    protected IfnetRefRelease() {
    }

    public IfnetRefRelease(String holder, int ifIndex, Instant now) {
        this.holder = holder;
        this.ifIndex = ifIndex;
        this.releasedAt = now;
    }

    public String holder() {
        return holder;
    }

    public int ifIndex() {
        return ifIndex;
    }
}

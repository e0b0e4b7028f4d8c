package dev.jailnet.ifnet.domain;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.LinkScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;

/** An interface address ({@code struct ifaddr}) with its prefix length. */
@Entity
@Table(name = "ifaddr")
public class Ifaddr {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "if_index")
    private Ifnet ifnet;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IpFamily family;

    @Column(nullable = false)
    private String address;

    @Column(name = "prefix_length", nullable = false)
    private int prefixLength;

    /** Routing has added the routes the address brings ({@code RTM_NEWADDR} came back). */
    @Column(nullable = false)
    private boolean routed;

    /** The {@code IfaddrAdded} that announced it to routing; null for an address made before it was kept. */
    @Column(name = "announced_by")
    private UUID announcedBy;

    protected Ifaddr() {
    }

    Ifaddr(Ifnet ifnet, IpAddress address, int prefixLength) {
        this.ifnet = ifnet;
        this.family = address.family();
        this.address = address.toString();
        this.prefixLength = prefixLength;
    }

    public Long id() {
        return id;
    }

    public Ifnet ifnet() {
        return ifnet;
    }

    public IpFamily family() {
        return family;
    }

    public String address() {
        return address;
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean routed() {
        return routed;
    }

    void announced(UUID announcement) {
        announcedBy = announcement;
    }

    /**
     * Whether routing's answer caused by {@code announcement} is the answer to this address: to its own announcement
     * (an answer to an earlier one, of the same address removed and added again since, is not); any answer when
     * either side does not say.
     */
    boolean answeredBy(UUID announcement) {
        return announcedBy == null || announcement == null || announcedBy.equals(announcement);
    }

    void routesAdded() {
        routed = true;
    }

    /** As {@code ifconfig} prints it: {@code 10.0.0.2/24}; a link-local one with its link, {@code fe80::2%epair0b/64}. */
    @Override
    public String toString() {
        return LinkScope.show(address, index -> ifnet.name()) + "/" + prefixLength;
    }
}

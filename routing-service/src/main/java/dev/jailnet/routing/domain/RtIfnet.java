package dev.jailnet.routing.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** An interface as routing knows it: present in a VNET, learnt from {@code ifnet_arrival_event}. */
@Entity
@Table(name = "ifnet")
@IdClass(RtIfnet.Key.class)
public class RtIfnet {

    @Id
    @Column(name = "vnet_id")
    private String vnetId;

    @Id
    @Column(name = "if_index")
    private int ifIndex;

    @Column(nullable = false)
    private String name;

    protected RtIfnet() {
    }

    public RtIfnet(String vnetId, int ifIndex, String name) {
        this.vnetId = vnetId;
        this.ifIndex = ifIndex;
        this.name = name;
    }

    public String vnetId() {
        return vnetId;
    }

    public int ifIndex() {
        return ifIndex;
    }

    public String name() {
        return name;
    }

    public record Key(String vnetId, int ifIndex) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}

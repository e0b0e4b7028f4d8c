package dev.jailnet.vnet.domain;

import dev.jailnet.problem.Pages;
import dev.jailnet.problem.Rejected;
import dev.jailnet.vnet.store.SagaRepository;
import dev.jailnet.vnet.store.VnetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** What operators read: the VNETs and the sagas that made (and will unmake) them. */
@ApplicationScoped
public class VnetService {

    private final VnetRepository vnets;
    private final SagaRepository sagas;

    public VnetService(VnetRepository vnets, SagaRepository sagas) {
        this.vnets = vnets;
        this.sagas = sagas;
    }

    /** In creation order after {@code after} (from the start when null), at most {@code count}. */
    @Transactional
    public List<Vnet> list(Pages.After after, int count) {
        return vnets.list(after, count);
    }

    @Transactional
    public Vnet find(String vnetId) {
        return vnets.findByIdOptional(vnetId).orElseThrow(() -> Rejected.notFound("vnetId", "no VNET " + vnetId));
    }

    @Transactional
    public List<Saga> sagasOf(String vnetId) {
        return sagas.forVnet(vnetId);
    }

    @Transactional
    public Saga shutdownOf(String vnetId) {
        find(vnetId);
        return sagas.forVnet(vnetId).stream().filter(s -> s.type() == SagaType.VNET_SHUTDOWN).reduce((a, b) -> b)
                .orElseThrow(() -> Rejected.notFound("vnetId", vnetId + " has not been shut down"));
    }

    @Transactional
    public List<Saga> sagas(SagaStatus status, Pages.After after, int count) {
        return sagas.byStatus(status, after, count);
    }

    @Transactional
    public Saga saga(UUID id) {
        return sagas.findByIdOptional(id).orElseThrow(() -> Rejected.notFound("sagaId", "no saga " + id));
    }
}

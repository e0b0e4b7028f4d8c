package dev.jailnet.vnet.domain;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.type.descriptor.java.MutableMutabilityPlan;

/**
 * The copy of a saga's steps that Hibernate keeps when it reads or writes the saga's row, to find the row changed at
 * the next flush: made field by field. Hibernate's own copy of a JSON column writes the value to JSON and parses it
 * back, after every read and every update of the saga, work for nothing. A step's collections change in place (a
 * participant's answer is added to them), so the copy shares none of them.
 */
public final class SagaStepsCopy extends MutableMutabilityPlan<List<SagaStepState>> {

    @Override
    protected List<SagaStepState> deepCopyNotNull(List<SagaStepState> steps) {
        List<SagaStepState> copy = new ArrayList<>(steps.size());
        steps.forEach(step -> copy.add(new SagaStepState(step)));
        return copy;
    }
}

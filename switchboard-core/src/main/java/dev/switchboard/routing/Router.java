package dev.switchboard.routing;

import dev.switchboard.error.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Orders a profile's deployments for one call: the router policy's preferred provider first,
 * a weighted draw for balanced profiles, and deployments in cooldown left out unless every
 * deployment is cooling down.
 *
 * <p>Thread-safe. The policy can be replaced at any time and applies to the next call.
 */
public final class Router {

    private final AtomicReference<RouterPolicy> policy;
    private final DeploymentHealth health;

    public Router(RouterPolicy initialPolicy, LongSupplier nanoTime) {
        this.policy = new AtomicReference<>(initialPolicy == null ? RouterPolicy.DEFAULT : initialPolicy);
        this.health = new DeploymentHealth(nanoTime);
    }

    public RouterPolicy policy() {
        return policy.get();
    }

    public void setPolicy(RouterPolicy newPolicy) {
        policy.set(newPolicy == null ? RouterPolicy.DEFAULT : newPolicy);
    }

    /** Returns the deployments to try, in order; never empty. */
    public List<Deployment> plan(Profile profile) {
        List<Deployment> ordered = new ArrayList<>(profile.deployments());
        if (profile.mode() == RoutingMode.BALANCED && ordered.size() > 1) {
            rotateToWeightedPick(ordered);
        }
        String preferred = policy.get().preferredProvider();
        if (preferred != null) {
            List<Deployment> first = new ArrayList<>();
            List<Deployment> rest = new ArrayList<>();
            for (Deployment deployment : ordered) {
                (deployment.provider().equals(preferred) ? first : rest).add(deployment);
            }
            first.addAll(rest);
            ordered = first;
        }
        List<Deployment> available = new ArrayList<>(ordered.size());
        for (Deployment deployment : ordered) {
            if (!health.isCoolingDown(deployment)) {
                available.add(deployment);
            }
        }
        return available.isEmpty() ? ordered : available;
    }

    public void recordSuccess(Deployment deployment) {
        health.recordSuccess(deployment);
    }

    public void recordFailure(Profile profile, Deployment deployment, LlmException failure) {
        health.recordFailure(profile, deployment, failure);
    }

    public boolean isCoolingDown(Deployment deployment) {
        return health.isCoolingDown(deployment);
    }

    private static void rotateToWeightedPick(List<Deployment> deployments) {
        int total = 0;
        for (Deployment deployment : deployments) {
            total += deployment.weight();
        }
        int draw = ThreadLocalRandom.current().nextInt(total);
        int index = 0;
        for (int i = 0; i < deployments.size(); i++) {
            draw -= deployments.get(i).weight();
            if (draw < 0) {
                index = i;
                break;
            }
        }
        java.util.Collections.rotate(deployments, -index);
    }
}

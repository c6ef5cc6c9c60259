package dev.charter.moderation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Suspensions written by decisions, through the decision's Panache transaction. */
@ApplicationScoped
public class SuspensionRepository implements PanacheRepositoryBase<Suspension, Suspension.Key> {}

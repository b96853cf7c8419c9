package com.wkpos.edge.agent.journal;

import java.util.concurrent.CompletableFuture;

/** A command waiting for the journal writer, and the future its caller waits on. */
record Pending<T>(WriteCommand<T> command, CompletableFuture<T> future) {
    static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

    @SuppressWarnings("unchecked")
    void settle(Object result, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete((T) result);
        }
    }

    void fail(Throwable failure) {
        future.completeExceptionally(failure);
    }
}

package com.wkpos.edge.agent.approval;

/** A manager's approval, checked and ready to be journaled with the action it allows. */
public record Grant(String approvalId, String managerId, Action action, long amount, boolean inline) {
}

package com.wkpos.edge.agent.approval;

/**
 * How a request carries a manager's approval: a manager's id and PIN typed at the same screen, or the
 * id of a remote approval a manager granted from another screen.
 */
public record ApprovalInput(String managerId, String managerPin, String approvalId) {
}

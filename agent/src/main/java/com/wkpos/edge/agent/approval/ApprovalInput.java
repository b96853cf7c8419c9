package com.wkpos.edge.agent.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a request carries a manager's approval: a manager's id and PIN typed at the same screen, or the
 * id of a remote approval a manager granted from another screen (several when a sale needs several).
 */
public record ApprovalInput(String managerId, String managerPin, String approvalId, List<String> approvalIds) {
    public ApprovalInput(String managerId, String managerPin, String approvalId) {
        this(managerId, managerPin, approvalId, null);
    }

    /** Every remote approval id sent ({@code approvalId} and {@code approvalIds}): one per action a sale needs. */
    public List<String> remoteIds() {
        List<String> ids = new ArrayList<>();
        if (approvalId != null) {
            ids.add(approvalId);
        }
        if (approvalIds != null) {
            approvalIds.stream().filter(Objects::nonNull).forEach(ids::add);
        }
        return ids;
    }
}

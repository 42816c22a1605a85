"""The practice's team: invitations, roles, deactivation and each member's own account page."""

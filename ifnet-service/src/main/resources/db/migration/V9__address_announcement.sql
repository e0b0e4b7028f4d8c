-- The id of the IfaddrAdded that announced an address to routing: routing's RTM_NEWADDR names it as its cause, so an
-- answer to an earlier announcement of the same address (removed and added again meanwhile) does not mark the
-- later one routed before routing has added its routes. Addresses made before are matched by address, as before.
alter table ifaddr add column announced_by uuid;

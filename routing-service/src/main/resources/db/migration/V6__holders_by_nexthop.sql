-- A nexthop's holders are read a few at a time (the first of each kind with a page of nexthops, the rest through the
-- routes and subscriptions filtered by nexthop), in the order those lists show them: by destination for routes (a
-- nexthop has one fib and one family), by id for tunnels. Each index keeps its name and its leading column, so the
-- bitmap scans of V4's triggers read them as before.
drop index route_nhop;
create index route_nhop on route (nhop_id, destination);
drop index subscription_nhop;
create index subscription_nhop on rib_subscription (held_nhop_id, id);

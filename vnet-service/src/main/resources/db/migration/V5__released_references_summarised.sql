-- A step's released references are now summarised by kind and VNET (ReleasedReferences), no longer listed one by
-- one: no message grows with the size of a VNET. The lists of finished steps have no use any more.
update saga_step set references_released = '[]'::jsonb where references_released is not null;

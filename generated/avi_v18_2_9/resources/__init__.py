"""One module of resource classes per API object."""

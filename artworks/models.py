"""The FDAC collection: artists, works, placements, mediation — filled by the artworks issue."""

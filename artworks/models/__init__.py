"""The FDAC collection: artists, works, placements in venues, mediation, public pages."""

from artworks.models.collection import Artist, Artwork, ArtworkArtist
from artworks.models.pages import ArtworkProgrammePage
from artworks.models.placements import (
    AudienceType,
    LeaderKind,
    MediationSession,
    Placement,
    PlacementReminder,
    PlacementStatus,
    ReminderKind,
)

__all__ = [
    "Artist",
    "Artwork",
    "ArtworkArtist",
    "ArtworkProgrammePage",
    "AudienceType",
    "LeaderKind",
    "MediationSession",
    "Placement",
    "PlacementReminder",
    "PlacementStatus",
    "ReminderKind",
]

"""The FDAC collection: artists, works, placements in venues, mediation, public pages."""

from artworks.models.collection import Artist, Artwork
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
    "ArtworkProgrammePage",
    "AudienceType",
    "LeaderKind",
    "MediationSession",
    "Placement",
    "PlacementReminder",
    "PlacementStatus",
    "ReminderKind",
]

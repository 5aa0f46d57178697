"""A work is searched by its artists' names: its index entry follows changes of its artists
(set after the work is saved, so after the save's own index update) and of an artist's name.
The edit form saves the links themselves (ArtworkArtist rows), `work.artists.add()` sends
m2m_changed: both are followed."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.search import index


def _reindex_works_of_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from artworks.models import Artwork

    if not reverse:  # work.artists changed
        index.insert_or_update_object(instance)
    elif pk_set:  # artist.artworks changed
        for work in Artwork.objects.filter(pk__in=pk_set):
            index.insert_or_update_object(work)


def _reindex_works_of_artist(sender, instance, created, **kwargs):
    if not created:
        for work in instance.artworks.all():
            index.insert_or_update_object(work)


def _reindex_work_of_link(sender, instance, **kwargs):
    from artworks.models import Artwork

    work = Artwork.objects.filter(pk=instance.artwork_id).first()
    if work is not None:
        index.insert_or_update_object(work)


def connect():
    from artworks.models import Artist, Artwork, ArtworkArtist

    m2m_changed.connect(_reindex_works_of_change, sender=Artwork.artists.through)
    post_save.connect(_reindex_works_of_artist, sender=Artist)
    post_save.connect(_reindex_work_of_link, sender=ArtworkArtist)
    post_delete.connect(_reindex_work_of_link, sender=ArtworkArtist)

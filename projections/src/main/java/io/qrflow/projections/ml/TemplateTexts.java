package io.qrflow.projections.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The template generator's texts in one language: its business categories (keywords, what they
 * offer, the call to action), taglines per tone and the page's fixed phrases. Keywords of a
 * language also include the English ones, so an English word in a German prompt is understood.
 * Sentences avoid articles so that they read right whatever the gender of a noun.
 */
record TemplateTexts(String language, List<Category> categories, Category general,
    Map<String, String> taglines, String welcome, String whatWeOffer, String getInTouch,
    String visit, String about, String place, String fallbackName, Pattern placePattern) {

  /** A business category: its keywords, what it offers and the call to action of its link. */
  record Category(String id, String noun, List<String> keywords, List<String> offers, String cta) {}

  static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");
  private static final String CAPITALIZED = "(\\p{Lu}[\\p{L}-]+(?:\\s\\p{Lu}[\\p{L}-]+)?)";

  /** The texts for a language tag ("de", "de-AT"), or empty when there are none. */
  static Optional<TemplateTexts> forLanguage(String tag) {
    String language = tag == null ? "en" : tag.split("-")[0];
    return Optional.ofNullable(switch (language) {
      case "en" -> EN;
      case "de" -> DE;
      case "fr" -> FR;
      case "es" -> ES;
      default -> null;
    });
  }

  private static Category c(String id, String noun, List<String> keywords, String cta, String... offers) {
    return new Category(id, noun, keywords, List.of(offers), cta);
  }

  static final TemplateTexts EN = new TemplateTexts("en", List.of(
      c("food", "bakery & café", List.of("bakery", "bread", "cake", "café", "cafe", "coffee", "restaurant",
          "bistro", "pizza", "food", "kitchen", "bar", "brunch"), "Order online", "Freshly made every morning",
          "Seasonal specials", "Takeaway and pre-orders", "Catering for events"),
      c("beauty", "salon", List.of("salon", "hair", "barber", "beauty", "nails", "spa", "cosmetic", "massage"),
          "Book an appointment", "Cuts and styling", "Colour and care", "Treatments that relax", "Gift vouchers"),
      c("fitness", "studio", List.of("gym", "fitness", "yoga", "pilates", "training", "coach", "sport",
          "crossfit", "dance"), "Book a class", "Classes for every level", "Personal training",
          "Flexible memberships", "A free trial session"),
      c("retail", "shop", List.of("shop", "store", "boutique", "fashion", "clothing", "books", "flowers",
          "florist", "gifts", "market"), "Shop now", "A hand-picked range", "Friendly advice in store",
          "Click and collect", "Gift wrapping"),
      c("event", "event", List.of("event", "wedding", "concert", "festival", "party", "conference", "meetup",
          "exhibition", "workshop"), "Get tickets", "Programme and schedule", "Tickets and registration",
          "Getting there", "Contact for questions"),
      c("services", "service", List.of("consulting", "agency", "lawyer", "accountant", "plumber", "electrician",
          "cleaning", "repair", "design", "marketing", "photograph"), "Get a quote", "A free first consultation",
          "Clear prices", "Fast, reliable work", "References on request"),
      c("health", "practice", List.of("doctor", "dentist", "clinic", "practice", "physio", "therapy", "health",
          "pharmacy", "vet"), "Book an appointment", "Appointments at short notice", "A caring team",
          "Modern equipment", "Accessible rooms"),
      c("tech", "product", List.of("app", "software", "startup", "saas", "platform", "tool", "developer", "api"),
          "Try it now", "Simple to start with", "Works on every device", "Secure by design", "Helpful support")),
      c("general", "business", List.of(), "Learn more", "Quality you can count on", "Personal service",
          "Fair prices", "Easy to reach"),
      Map.of("friendly", "Your friendly %s%s", "professional", "A %s you can rely on%s",
          "playful", "The %s that makes you smile%s", "formal", "Your %s of choice%s",
          "enthusiastic", "The best %s around%s!", "calm", "A quiet, welcoming %s%s"),
      "Welcome to %s", "What we offer", "Get in touch", "Visit %s", "**%s** is a %s%s.", " in %s",
      "Our %s", Pattern.compile("\\bin\\s+" + CAPITALIZED));

  static final TemplateTexts DE = withEnglishKeywords(new TemplateTexts("de", List.of(
      c("food", "Bäckerei & Café", List.of("bäckerei", "brot", "kuchen", "kaffee", "konditorei",
          "restaurant", "gasthaus", "essen", "küche", "frühstück"), "Online bestellen",
          "Jeden Morgen frisch gebacken", "Saisonale Spezialitäten", "Zum Mitnehmen und vorbestellen",
          "Catering für Feiern"),
      c("beauty", "Salon", List.of("friseur", "haare", "kosmetik", "nagelstudio", "massage", "wellness"),
          "Termin buchen", "Schnitt und Styling", "Farbe und Pflege", "Entspannende Behandlungen", "Gutscheine"),
      c("fitness", "Studio", List.of("fitnessstudio", "training", "kurse", "tanz", "sport", "trainer"),
          "Kurs buchen", "Kurse für jedes Niveau", "Personal Training", "Flexible Mitgliedschaften",
          "Ein kostenloses Probetraining"),
      c("retail", "Laden", List.of("laden", "geschäft", "mode", "kleidung", "bücher", "blumen", "geschenke",
          "markt"), "Jetzt einkaufen", "Ein handverlesenes Sortiment", "Freundliche Beratung vor Ort",
          "Online reservieren, im Laden abholen", "Geschenkverpackung"),
      c("event", "Veranstaltung", List.of("veranstaltung", "hochzeit", "konzert", "fest", "feier", "konferenz",
          "ausstellung"), "Tickets sichern", "Programm und Ablauf", "Tickets und Anmeldung", "Anfahrt",
          "Kontakt bei Fragen"),
      c("services", "Dienstleistung", List.of("beratung", "agentur", "anwalt", "steuerberater", "handwerker",
          "elektriker", "reinigung", "reparatur", "fotograf"), "Angebot anfordern",
          "Ein kostenloses Erstgespräch", "Klare Preise", "Schnelle, zuverlässige Arbeit", "Referenzen auf Anfrage"),
      c("health", "Praxis", List.of("arzt", "ärztin", "zahnarzt", "praxis", "klinik", "physiotherapie",
          "therapie", "gesundheit", "apotheke", "tierarzt"), "Termin vereinbaren", "Kurzfristige Termine",
          "Ein einfühlsames Team", "Moderne Ausstattung", "Barrierefreie Räume"),
      c("tech", "Produkt", List.of("app", "software", "plattform", "werkzeug", "entwickler"), "Jetzt testen",
          "Einfacher Einstieg", "Läuft auf jedem Gerät", "Sicher von Anfang an", "Hilfsbereiter Support")),
      c("general", "Unternehmen", List.of(), "Mehr erfahren", "Qualität, auf die Sie zählen können",
          "Persönlicher Service", "Faire Preise", "Gut erreichbar"),
      Map.of("friendly", "%s%s – herzlich und persönlich", "professional", "%s%s – zuverlässig und kompetent",
          "playful", "%s%s – mit einem Lächeln", "formal", "%s%s – Qualität mit Anspruch",
          "enthusiastic", "%s%s – einfach großartig!", "calm", "%s%s – ruhig und einladend"),
      "Willkommen bei %s", "Unser Angebot", "Kontakt", "%s besuchen", "**%s** – %s%s.", " in %s",
      "%s", Pattern.compile("\\bin\\s+" + CAPITALIZED)));

  static final TemplateTexts FR = withEnglishKeywords(new TemplateTexts("fr", List.of(
      c("food", "boulangerie & café", List.of("boulangerie", "pain", "gâteau", "pâtisserie", "restaurant",
          "bistrot", "cuisine", "petit-déjeuner"), "Commander en ligne", "Fait maison chaque matin",
          "Spécialités de saison", "À emporter et sur commande", "Traiteur pour vos événements"),
      c("beauty", "salon", List.of("coiffure", "coiffeur", "cheveux", "beauté", "ongles", "esthétique",
          "massage"), "Prendre rendez-vous", "Coupe et coiffage", "Couleur et soins", "Des soins qui détendent",
          "Cartes cadeaux"),
      c("fitness", "studio", List.of("salle de sport", "entraînement", "cours", "danse", "sport", "coach"),
          "Réserver un cours", "Des cours pour tous les niveaux", "Coaching personnel",
          "Abonnements flexibles", "Une séance d'essai gratuite"),
      c("retail", "boutique", List.of("boutique", "magasin", "mode", "vêtements", "livres", "fleurs",
          "fleuriste", "cadeaux", "marché"), "Acheter maintenant", "Une sélection soignée",
          "Des conseils en magasin", "Retrait en boutique", "Emballage cadeau"),
      c("event", "événement", List.of("événement", "mariage", "concert", "festival", "fête", "conférence",
          "exposition", "atelier"), "Réserver des billets", "Programme et horaires", "Billets et inscription",
          "Accès", "Contact pour vos questions"),
      c("services", "service", List.of("conseil", "agence", "avocat", "comptable", "plombier", "électricien",
          "nettoyage", "réparation", "photographe"), "Demander un devis", "Un premier rendez-vous gratuit",
          "Des prix clairs", "Un travail rapide et fiable", "Références sur demande"),
      c("health", "cabinet", List.of("médecin", "dentiste", "clinique", "cabinet", "kiné", "thérapie", "santé",
          "pharmacie", "vétérinaire"), "Prendre rendez-vous", "Rendez-vous rapides", "Une équipe attentionnée",
          "Équipement moderne", "Locaux accessibles"),
      c("tech", "produit", List.of("application", "logiciel", "plateforme", "outil", "développeur"),
          "Essayer maintenant", "Simple pour commencer", "Sur tous vos appareils", "Sécurisé dès la conception",
          "Un support à l'écoute")),
      c("general", "entreprise", List.of(), "En savoir plus", "Une qualité sur laquelle compter",
          "Un service personnalisé", "Des prix justes", "Facile à joindre"),
      Map.of("friendly", "%s%s – chaleureux et proche de vous", "professional", "%s%s – fiable et compétent",
          "playful", "%s%s – avec le sourire", "formal", "%s%s – l'exigence de la qualité",
          "enthusiastic", "%s%s – tout simplement génial !", "calm", "%s%s – calme et accueillant"),
      "Bienvenue chez %s", "Nos services", "Nous contacter", "Visiter %s", "**%s** – %s%s.", " à %s",
      "%s", Pattern.compile("\\b(?:à|au)\\s+" + CAPITALIZED)));

  static final TemplateTexts ES = withEnglishKeywords(new TemplateTexts("es", List.of(
      c("food", "panadería y café", List.of("panadería", "pan", "pastel", "pastelería", "restaurante",
          "cocina", "comida", "desayuno", "cafetería"), "Pedir en línea", "Recién hecho cada mañana",
          "Especialidades de temporada", "Para llevar y por encargo", "Catering para eventos"),
      c("beauty", "salón", List.of("peluquería", "pelo", "barbería", "belleza", "uñas", "estética", "masaje"),
          "Reservar cita", "Corte y peinado", "Color y cuidado", "Tratamientos relajantes", "Tarjetas regalo"),
      c("fitness", "estudio", List.of("gimnasio", "entrenamiento", "clases", "baile", "deporte", "entrenador"),
          "Reservar una clase", "Clases para todos los niveles", "Entrenamiento personal",
          "Cuotas flexibles", "Una sesión de prueba gratis"),
      c("retail", "tienda", List.of("tienda", "moda", "ropa", "libros", "flores", "floristería", "regalos",
          "mercado"), "Comprar ahora", "Una selección cuidada", "Asesoramiento en tienda",
          "Recogida en tienda", "Envoltorio de regalo"),
      c("event", "evento", List.of("evento", "boda", "concierto", "festival", "fiesta", "conferencia",
          "exposición", "taller"), "Conseguir entradas", "Programa y horarios", "Entradas e inscripción",
          "Cómo llegar", "Contacto para preguntas"),
      c("services", "servicio", List.of("consultoría", "agencia", "abogado", "gestor", "fontanero",
          "electricista", "limpieza", "reparación", "fotógrafo"), "Pedir presupuesto",
          "Una primera consulta gratuita", "Precios claros", "Trabajo rápido y fiable", "Referencias a petición"),
      c("health", "consulta", List.of("médico", "dentista", "clínica", "consulta", "fisioterapia", "terapia",
          "salud", "farmacia", "veterinario"), "Pedir cita", "Citas a corto plazo", "Un equipo cercano",
          "Equipamiento moderno", "Instalaciones accesibles"),
      c("tech", "producto", List.of("aplicación", "plataforma", "herramienta", "desarrollador"),
          "Pruébalo ahora", "Fácil para empezar", "Funciona en cualquier dispositivo", "Seguro desde el diseño",
          "Soporte atento")),
      c("general", "negocio", List.of(), "Más información", "Calidad en la que confiar",
          "Atención personal", "Precios justos", "Fácil de contactar"),
      Map.of("friendly", "%s%s – cercano y acogedor", "professional", "%s%s – fiable y profesional",
          "playful", "%s%s – con una sonrisa", "formal", "%s%s – calidad con exigencia",
          "enthusiastic", "%s%s – ¡simplemente genial!", "calm", "%s%s – tranquilo y acogedor"),
      "Bienvenidos a %s", "Lo que ofrecemos", "Contacto", "Visitar %s", "**%s** – %s%s.", " en %s",
      "%s", Pattern.compile("\\ben\\s+" + CAPITALIZED)));

  /** The same texts with each category's English keywords added after its own. */
  private static TemplateTexts withEnglishKeywords(TemplateTexts t) {
    List<Category> merged = new ArrayList<>();
    for (Category category : t.categories()) {
      List<String> english = EN.categories().stream().filter(e -> e.id().equals(category.id()))
          .findFirst().map(Category::keywords).orElse(List.of());
      merged.add(new Category(category.id(), category.noun(),
          Stream.concat(category.keywords().stream(), english.stream()).distinct().toList(),
          category.offers(), category.cta()));
    }
    return new TemplateTexts(t.language(), List.copyOf(merged), t.general(), t.taglines(), t.welcome(),
        t.whatWeOffer(), t.getInTouch(), t.visit(), t.about(), t.place(), t.fallbackName(), t.placePattern());
  }
}
